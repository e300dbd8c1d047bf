-- 021: the bureau administers its own county (issue 12 parts 1 and 3): agencies of other departments, teams with a
-- leader and a deputy, people, units and users are created, edited (versioned) and retired (never deleted: history
-- points to them); unit status by hand (meal break, out of service) with a reason in the status history; the duty
-- roster (值班表) per station and day.

-- agencies: 城管, town offices (subdistrict), 住建, 市场监管 and other departments
alter table agencies drop constraint if exists agencies_kind_check;
alter table agencies add constraint agencies_kind_check
  check (kind in ('psb','station','urban_mgmt','subdistrict','housing','market_regulation','other_dept'));
alter table agencies
  add column version    integer not null default 1,
  add column active     boolean not null default true,
  add column retired_at timestamptz;

alter table teams
  add column leader_id  integer references people(id),
  add column deputy_id  integer references people(id),
  add column version    integer not null default 1,
  add column active     boolean not null default true,
  add column retired_at timestamptz;

alter table people
  add column version    integer not null default 1,
  add column retired_at timestamptz;

-- units: retired units stay for history; status by hand with its reason and time
alter table units drop constraint if exists units_status_check;
alter table units add constraint units_status_check
  check (status in ('available','dispatched','en_route','on_scene','busy','off_duty','meal_break','out_of_service'));
alter table units
  add column active        boolean not null default true,
  add column retired_at    timestamptz,
  add column status_reason text,
  add column status_since  timestamptz;
alter table unit_events add column reason text;

create index person_areas_current on person_areas (person_id) where valid_to is null;

-- the duty roster: one row per station and day (duty leader 值班领导), its duties (A/B posts of the 24-hour duty,
-- patrol shifts) as person x time window
create table duty_rosters (
  id         serial primary key,
  station_id integer not null references areas(id),
  day        date not null,
  leader_id  integer references people(id),
  note       text not null default '',
  version    integer not null default 1,
  updated_at timestamptz not null default now(),
  unique (station_id, day)
);

create table duty_shifts (
  id        serial primary key,
  roster_id integer not null references duty_rosters(id) on delete cascade,
  person_id integer not null references people(id),
  duty      text not null check (duty in ('A','B','patrol','community')),
  starts_at timestamptz not null,
  ends_at   timestamptz not null,
  unit_id   integer references units(id),
  check (ends_at > starts_at)
);
create index duty_shifts_time on duty_shifts (starts_at, ends_at);
create index duty_shifts_roster on duty_shifts (roster_id);
