-- 006: tasks, supervision, indicators and assessment (issue 6: 作战小屏 / 一屏通览). The engines are pure
-- (packages/core/src/tasks); these tables hold their data. See docs/tasks.md.

-- ---------------------------------------------------------------- the catalogue
-- A template is the catalogue as data: schedule and evidence requirement are the engine's JSON shapes
-- (TaskSchedule, EvidenceRequirement), validated by the service before they are stored.
create table task_templates (
  id            serial primary key,
  code          text not null unique,
  category      text not null check (category in ('community','basic_control','cases','performance','duty','disputes','services','prevention')),
  name          text not null,
  name_en       text not null default '',
  unit          text not null default '次',
  schedule      jsonb not null,
  evidence      jsonb not null default '{}'::jsonb,
  -- who it is issued to by default (community_officer, auxiliary, grid_worker, ...)
  assignee      text not null,
  -- 'info': its progress counts towards info_collected
  feeds         text check (feeds in ('info')),
  active        boolean not null default true,
  version       integer not null default 1,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

-- ---------------------------------------------------------------- the supervision ladder (督办), configurable
-- One row per task category, and the row '*' for every other category. Minutes relative to the due time
-- (due_soon before it, the others after it); null disables a step.
create table task_escalation_policies (
  category          text primary key,
  due_soon_minutes  integer check (due_soon_minutes >= 0),
  reminder_minutes  integer check (reminder_minutes >= 0),
  yellow_minutes    integer check (yellow_minutes >= 0),
  red_minutes       integer check (red_minutes >= 0),
  updated_at        timestamptz not null default now()
);
insert into task_escalation_policies (category, due_soon_minutes, reminder_minutes, yellow_minutes, red_minutes)
  values ('*', 120, 0, 1440, 4320);

-- ---------------------------------------------------------------- assignments
-- A template issued to a person, a team (every active member) or an area (every police officer responsible for
-- it), by the bureau, a district or a station; optionally at a place (a key place, a school) that location
-- evidence is checked against. A one-off (recurrence 'once') carries its own due time.
create table task_assignments (
  id              serial primary key,
  template_id     integer not null references task_templates(id),
  target_kind     text not null check (target_kind in ('person','team','area')),
  person_id       integer references people(id),
  team_id         integer references teams(id),
  area_id         integer references areas(id),
  level           text not null check (level in ('bureau','district','station')),
  -- the area of the issuer's level (null = the bureau), and the areas the assignment concerns (scope checks)
  issuer_area_id  integer references areas(id),
  area_ids        integer[] not null default '{}',
  issued_by       integer references users(id),
  issued_by_name  text not null,
  issued_at       timestamptz not null,
  place_name      text,
  place_lon       double precision,
  place_lat       double precision,
  starts_on       date,
  ends_on         date,
  -- a one-off's due time (recurrence 'once')
  due_at          timestamptz,
  note            text,
  active          boolean not null default true,
  version         integer not null default 1,
  check ((target_kind = 'person') = (person_id is not null)),
  check ((target_kind = 'team') = (team_id is not null)),
  check ((target_kind = 'area') = (area_id is not null)),
  check ((place_lon is null) = (place_lat is null))
);
create index task_assignments_template on task_assignments (template_id);
create index task_assignments_areas on task_assignments using gin (area_ids);

-- ---------------------------------------------------------------- occurrences (the checklist)
-- One row per assignment, person and occurrence key (the local date of the occurrence, or 'once'): generating
-- twice is harmless. State follows core's TaskState; fired steps are in task_escalations; version for optimistic
-- concurrency. station_id and area_ids: the person's station and areas at generation (scope).
create table task_instances (
  id              bigserial primary key,
  assignment_id   integer not null references task_assignments(id),
  template_id     integer not null references task_templates(id),
  person_id       integer not null references people(id),
  occurrence_key  text not null,
  period_start    timestamptz not null,
  due_at          timestamptz not null,
  original_due_at timestamptz not null,
  target          integer not null check (target >= 1),
  progress        integer not null default 0 check (progress >= 0),
  status          text not null default 'open' check (status in ('open','overdue','done','cancelled')),
  done_at         timestamptz,
  late            boolean not null default false,
  -- highest card carried (none, reminder, yellow, red), kept with the fired steps for lists
  supervision     text not null default 'none' check (supervision in ('none','reminder','yellow','red')),
  station_id      integer references areas(id),
  area_ids        integer[] not null default '{}',
  version         integer not null default 1,
  created_at      timestamptz not null default now(),
  unique (assignment_id, person_id, occurrence_key),
  check ((status = 'done') = (done_at is not null))
);
create index task_instances_person_due on task_instances (person_id, due_at);
create index task_instances_open on task_instances (due_at) where status in ('open','overdue');
create index task_instances_station_due on task_instances (station_id, due_at);
create index task_instances_areas on task_instances using gin (area_ids);

-- Photos of task evidence: stored like patrol photos; every view is audited.
create table task_photos (
  id          serial primary key,
  mime        text not null check (mime in ('image/jpeg','image/png')),
  bytes       bytea not null,
  taken_at    timestamptz,
  created_at  timestamptz not null default now()
);

-- Each completion report (progress amount with its evidence). A task reaches done when progress meets target.
create table task_evidence (
  id            bigserial primary key,
  instance_id   bigint not null references task_instances(id),
  at            timestamptz not null,
  amount        integer not null check (amount >= 1),
  form          jsonb not null default '{}'::jsonb,
  note          text,
  lon           double precision,
  lat           double precision,
  accuracy_m    double precision,
  photo_ids     integer[] not null default '{}',
  by_user       integer references users(id),
  by_name       text not null
);
create index task_evidence_instance on task_evidence (instance_id);
create index task_evidence_at on task_evidence (at);

-- Steps of the ladder fired (due_soon, overdue, reminder, yellow, red), each once per due time.
create table task_escalations (
  id            bigserial primary key,
  instance_id   bigint not null references task_instances(id),
  step          text not null check (step in ('due_soon','overdue','reminder','yellow','red')),
  at            timestamptz not null,
  due_at        timestamptz not null,
  unique (instance_id, step, due_at)
);
create index task_escalations_at on task_escalations (step, at);

-- Extension requests (延期) and their decision.
create table task_extensions (
  id              bigserial primary key,
  instance_id     bigint not null references task_instances(id),
  requested_at    timestamptz not null,
  requested_by    integer references users(id),
  requested_by_name text not null,
  until           timestamptz not null,
  reason          text not null,
  status          text not null default 'requested' check (status in ('requested','approved','rejected')),
  decided_at      timestamptz,
  decided_by_name text,
  granted_until   timestamptz,
  decision_note   text
);
create unique index task_extensions_pending on task_extensions (instance_id) where status = 'requested';

-- ---------------------------------------------------------------- indicators
create table indicator_defs (
  code        text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
  name        text not null,
  name_en     text not null default '',
  formula     text not null,
  unit        text not null,
  better      text not null check (better in ('higher','lower')),
  target      double precision not null,
  zero_at     double precision,
  weight      double precision not null check (weight >= 0),
  star        text check (star in ('service','prevention','mediation','case_solving')),
  levels      text[],
  description text,
  active      boolean not null default true,
  version     integer not null default 1,
  updated_at  timestamptz not null default now()
);

-- Measures and indicator values per subject (officer = people.id; grid, station, district = areas.id) and period
-- ('YYYY-MM' months; a month in progress is computed to date and recomputed). A value is null when not available.
create table indicator_measures (
  level       text not null check (level in ('officer','grid','station','district')),
  subject_id  integer not null,
  period      text not null,
  period_start timestamptz not null,
  period_end  timestamptz not null,
  measures    jsonb not null,
  computed_at timestamptz not null,
  primary key (level, subject_id, period)
);
create table indicator_values (
  level       text not null check (level in ('officer','grid','station','district')),
  subject_id  integer not null,
  period      text not null,
  code        text not null,
  value       double precision,
  available   boolean not null,
  reason      text,
  missing     text[] not null default '{}',
  computed_at timestamptz not null,
  primary key (level, subject_id, period, code),
  check (available = (value is not null))
);
create index indicator_values_period on indicator_values (period, level, code);

-- Minutes an officer's unit reported positions (on duty) and, of those, minutes inside the officer's responsibility
-- areas, per local day: filled by the tasks job from unit_positions while the positions are still kept
-- (POSITION_RETENTION_HOURS), so that monthly indicators outlive the tracks.
create table zone_presence_daily (
  person_id     integer not null references people(id),
  day           date not null,
  duty_minutes  integer not null,
  zone_minutes  integer not null,
  computed_at   timestamptz not null,
  primary key (person_id, day),
  check (zone_minutes <= duty_minutes)
);

-- ---------------------------------------------------------------- assessment (考核)
create table assessment_plans (
  code          text primary key,
  name          text not null,
  level         text not null check (level in ('officer','grid','station','district')),
  period        text not null check (period in ('month','quarter','year')),
  items         jsonb not null,
  stars         jsonb not null default '[]'::jsonb,
  min_coverage  double precision not null default 0.5 check (min_coverage between 0 and 1),
  active        boolean not null default true,
  version       integer not null default 1
);
create table assessment_runs (
  plan_code     text not null references assessment_plans(code),
  period        text not null,
  computed_at   timestamptz not null,
  stars         jsonb not null,
  subjects      integer not null,
  primary key (plan_code, period)
);
create table assessment_results (
  plan_code     text not null,
  period        text not null,
  subject_id    integer not null,
  total         double precision,
  rank          integer,
  coverage      double precision not null,
  note          text,
  items         jsonb not null,
  excluded      text[] not null default '{}',
  primary key (plan_code, period, subject_id),
  foreign key (plan_code, period) references assessment_runs(plan_code, period) on delete cascade
);

-- indicator queries per officer and per day over the incident history
create index incidents_officer_time on incidents (officer_id, reported_at);
