-- 017: work-handover tickets (工作交办单, issue 16 parts 2 and 3). A problem the police find (an incident, a dispute,
-- a visit, a patrol, a video finding, an Open311 request) is handed to the department whose duty it is by a routing
-- table (category [+ area] -> department), with a receive and a resolve deadline per category; the department's
-- liaison / 城管 account receives it, reports progress and feedback with photos; the originator's side verifies and
-- closes it, or the department returns it (退回) and it is routed again. A closed ticket is reopened when the same
-- category recurs nearby within a window (确保问题不反弹). Departments are agencies.id; a default rule may name an agency
-- kind instead (the active agency of that kind holding the place), so the defaults below need no agency ids.
create table ticket_routes (
  id            serial primary key,
  category      text not null,
  area_id       integer references areas(id),
  agency_id     integer references agencies(id),
  agency_kind   text,
  receive_hours integer not null check (receive_hours > 0),
  resolve_hours integer not null check (resolve_hours > 0),
  version       integer not null default 1,
  check (agency_id is not null or agency_kind is not null),
  check (receive_hours <= resolve_hours)
);
create unique index ticket_routes_key on ticket_routes (category, coalesce(area_id, 0));

-- defaults in the spirit of 13710 (1 hour to receive, 3 / 7 / 10 days to resolve)
insert into ticket_routes (category, agency_kind, receive_hours, resolve_hours) values
  ('street_vending',   'urban_mgmt', 1, 72),
  ('illegal_parking',  'urban_mgmt', 1, 72),
  ('renovation_waste', 'urban_mgmt', 1, 72),
  ('illegal_building', 'urban_mgmt', 1, 168),
  ('noise',            'urban_mgmt', 1, 72),
  ('facility_damage',  'housing',    1, 168),
  ('safety_hazard',    'other_dept', 1, 72),
  ('other',            'other_dept', 1, 240);

create table tickets (
  id                 serial primary key,
  status             text not null check (status in ('created','sent','received','in_progress','resolved','verified','closed','returned')),
  version            integer not null default 1,
  category           text not null,
  title              text not null,
  description        text not null default '',
  source_type        text not null check (source_type in ('incident','dispute','visit','patrol','video','joint_patrol','open311','other')),
  -- the source record (incidents.id, disputes.id, ...): a plain column, the sources live in other modules
  source_id          integer,
  external_ref       text,
  address            text not null default '',
  geom               geometry(Point, 4326) not null,
  grid_id            integer references areas(id),
  community_id       integer references areas(id),
  station_id         integer references areas(id),
  area_ids           integer[] not null default '{}',
  agency_id          integer references agencies(id),
  originator_user_id integer references users(id),
  originator_name    text not null,
  created_at         timestamptz not null,
  sent_at            timestamptz,
  receive_due_at     timestamptz,
  due_at             timestamptz,
  received_at        timestamptz,
  resolved_at        timestamptz,
  verified_at        timestamptz,
  closed_at          timestamptz,
  updated_at         timestamptz not null,
  return_count       integer not null default 0,
  reopen_count       integer not null default 0,
  -- ladder steps fired against the current due time (overdue, reminder, yellow, red)
  fired              text[] not null default '{}',
  check (status = 'created' or agency_id is not null)
);
create index tickets_status on tickets (status, due_at);
create index tickets_agency on tickets (agency_id, status);
create index tickets_areas on tickets using gin (area_ids);
create index tickets_recur on tickets (category, closed_at) where status = 'closed';
create index tickets_source on tickets (source_type, source_id);

create table ticket_events (
  id          serial primary key,
  ticket_id   integer not null references tickets(id),
  action      text not null,
  from_status text,
  to_status   text not null,
  at          timestamptz not null,
  user_id     integer references users(id),
  actor_name  text not null,
  agency_id   integer references agencies(id),
  note        text not null default '',
  photo_ids   integer[] not null default '{}'
);
create index ticket_events_ticket on ticket_events (ticket_id, id);

create table ticket_photos (
  id         serial primary key,
  ticket_id  integer not null references tickets(id),
  mime       text not null,
  bytes      bytea not null,
  created_at timestamptz not null
);
create index ticket_photos_ticket on ticket_photos (ticket_id);
