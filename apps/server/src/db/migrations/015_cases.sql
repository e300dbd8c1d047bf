-- 015: cases in hand (在手案件, issue 17). A case (criminal or administrative) is opened from an incident, from an
-- anti-fraud warning with a loss, or directly; it moves through the stages of its kind's machine
-- (packages/core/src/cases); every stage entered is a row of case_steps with its deadline computed from the stored
-- entry time and the configurable statutory limit (case_limits), never typed. Related people are encrypted and masked
-- like incident callers. Dispute ids are plain ids (the disputes module is not referenced by a foreign key).
create table case_limits (
  id       serial primary key,
  key      text not null unique,
  kind     text not null check (kind in ('criminal','administrative')),
  stage    text not null,
  base     text not null,
  unit     text not null check (unit in ('hour','day','month')),
  amount   integer not null check (amount >= 0),
  zh       text not null,
  en       text not null,
  version  integer not null default 1,
  unique (kind, stage)
);
insert into case_limits (key, kind, stage, base, unit, amount, zh, en) values
  ('criminal.filing', 'criminal', 'accepted', 'accepted', 'day', 3, '受案后作出立案决定', 'Filing decision after acceptance'),
  ('criminal.investigation', 'criminal', 'investigating', 'investigating', 'month', 2, '立案后侦查期限', 'Investigation after filing'),
  ('criminal.detention', 'criminal', 'detained', 'detained', 'hour', 72, '拘留后提请批准逮捕', 'Arrest request after detention'),
  ('criminal.detention_extended', 'criminal', 'detention_extended', 'detained', 'hour', 168, '延长拘留期限（自拘留起）', 'Extended detention (from detention)'),
  ('criminal.transfer', 'criminal', 'solved', 'solved', 'month', 1, '破案后移送审查起诉', 'Transfer for prosecution after solving'),
  ('administrative.acceptance', 'administrative', 'accepted', 'accepted', 'day', 3, '受案后开始调查', 'Investigation begun after acceptance'),
  ('administrative.handling', 'administrative', 'investigating', 'accepted', 'day', 30, '治安案件办理期限（自受案起）', 'Handling limit (from acceptance)'),
  ('administrative.execution', 'administrative', 'penalized', 'penalized', 'day', 15, '处罚决定执行', 'Execution of the penalty'),
  ('administrative.closing_executed', 'administrative', 'executed', 'executed', 'day', 7, '执行后结案', 'Closing after execution'),
  ('administrative.closing_no_penalty', 'administrative', 'not_penalized', 'not_penalized', 'day', 7, '不予处罚后结案', 'Closing after no penalty');

create table cases (
  id               serial primary key,
  case_no          text generated always as ('AJ' || lpad(id::text, 6, '0')) stored,
  kind             text not null check (kind in ('criminal','administrative')),
  category         text not null,
  title            text not null,
  summary          text not null default '',
  status           text not null,
  version          integer not null default 1,
  incident_id      integer references incidents(id),
  fraud_warning_id integer references fraud_warnings(id),
  -- disputes (民转刑): plain ids, no foreign key
  dispute_ids      integer[] not null default '{}',
  station_id       integer references areas(id),
  area_ids         integer[] not null default '{}',
  team_id          integer references teams(id),
  opened_at        timestamptz not null,
  filed_at         timestamptz,
  solved_at        timestamptz,
  ended_at         timestamptz,
  last_activity_at timestamptz not null,
  created_by       integer references users(id)
);
create index cases_station on cases (station_id);
create index cases_areas on cases using gin (area_ids);
create index cases_incident on cases (incident_id);
create index cases_opened on cases (opened_at);

create table case_officers (
  case_id   integer not null references cases(id),
  person_id integer not null references people(id),
  lead      boolean not null default false,
  primary key (case_id, person_id)
);
create index case_officers_person on case_officers (person_id);

create table case_people (
  id           serial primary key,
  case_id      integer not null references cases(id),
  role         text not null check (role in ('victim','suspect','witness','reporter')),
  name_enc     text,
  name_masked  text,
  phone_enc    text,
  phone_masked text,
  note         text
);
create index case_people_case on case_people (case_id);

create table case_places (
  id      serial primary key,
  case_id integer not null references cases(id),
  address text not null,
  geom    geometry(Point, 4326)
);
create index case_places_case on case_places (case_id);

-- evidence and documents: a photo (bytes), a document (title, number in the note) or a camera clip (视频侦查)
create table case_items (
  id            serial primary key,
  case_id       integer not null references cases(id),
  item_type     text not null,
  title         text not null,
  note          text,
  photo         bytea,
  photo_mime    text,
  camera_id     integer references cameras(id),
  clip_from     timestamptz,
  clip_to       timestamptz,
  added_at      timestamptz not null,
  added_by      integer references users(id),
  added_by_name text not null,
  check (clip_from is null or clip_to is null or clip_from <= clip_to)
);
create index case_items_case on case_items (case_id);

-- every stage entered: its deadline from the stored base time and the limit in force (recomputed for open steps when
-- an administrator changes a limit); left_at when the case moved on
create table case_steps (
  id         serial primary key,
  case_id    integer not null references cases(id),
  stage      text not null,
  entered_at timestamptz not null,
  left_at    timestamptz,
  limit_key  text,
  base_at    timestamptz,
  due_at     timestamptz
);
create index case_steps_case on case_steps (case_id, entered_at);
create index case_steps_due on case_steps (due_at);

create table case_events (
  id          serial primary key,
  case_id     integer not null references cases(id),
  at          timestamptz not null,
  action      text not null,
  from_status text,
  to_status   text,
  by_user     integer references users(id),
  by_name     text not null,
  note        text
);
create index case_events_case on case_events (case_id, at);
