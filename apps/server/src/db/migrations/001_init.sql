-- Jingwang schema, version 1. Runs unchanged on PGlite (Postgres 18 + PostGIS 3.6) and on
-- PostgreSQL 15 + PostGIS 3.3 (Debian). Coordinates are WGS-84 (SRID 4326).

create extension if not exists postgis;

-- ---------------------------------------------------------------- areas
create table areas (
  id          serial primary key,
  code        text not null,
  name        text not null,
  kind        text not null check (kind in ('county','district','station','police_grid','resp_zone','community','grid','patrol_zone')),
  parent_id   integer references areas(id),
  geom        geometry(MultiPolygon, 4326) not null check (st_isvalid(geom)),
  valid_from  timestamptz not null default now(),
  valid_to    timestamptz,
  created_at  timestamptz not null default now(),
  check (valid_to is null or valid_to > valid_from)
);
-- a code names one live area; retired versions keep their code for history
create unique index areas_code_live on areas (code) where valid_to is null;
create index areas_geom_gist on areas using gist (geom);
create index areas_kind on areas (kind, valid_from);
create index areas_parent on areas (parent_id);

-- parent links over time: bundling stations into a district changes their parent from a date on
create table area_parents (
  child_id    integer not null references areas(id),
  parent_id   integer not null references areas(id),
  valid_from  timestamptz not null,
  valid_to    timestamptz,
  primary key (child_id, valid_from)
);

-- re-cut operations (merge, bundle, split, import) and the areas they touched
create table area_events (
  id          serial primary key,
  at          timestamptz not null default now(),
  effective_at timestamptz not null,
  op          text not null check (op in ('import','merge','bundle','split')),
  actor_user_id integer,
  actor_name  text not null,
  detail      jsonb not null default '{}'::jsonb
);
create table area_event_areas (
  event_id    integer not null references area_events(id),
  area_id     integer not null references areas(id),
  role        text not null check (role in ('source','target','member','created')),
  primary key (event_id, area_id, role)
);
create index area_event_areas_area on area_event_areas (area_id);

-- which community grids a police grid covers (the two overlays differ); recomputed when either changes
create table police_grid_grids (
  police_grid_id integer not null references areas(id),
  grid_id        integer not null references areas(id),
  share          real not null,
  primary key (police_grid_id, grid_id)
);

-- ---------------------------------------------------------------- organisation
create table agencies (
  id       serial primary key,
  code     text not null unique,
  name     text not null,
  kind     text not null check (kind in ('psb','station','urban_mgmt','subdistrict')),
  area_id  integer references areas(id)
);

create table teams (
  id        serial primary key,
  code      text not null unique,
  name      text not null,
  kind      text not null check (kind in ('command_room','community_team','case_team','joint_patrol','swat_post','patrol_team')),
  agency_id integer not null references agencies(id),
  area_id   integer references areas(id)
);

create table people (
  id          serial primary key,
  code        text not null unique,
  name        text not null,
  role        text not null check (role in ('police','auxiliary','grid_worker','assistant','mediator','urban_mgmt','volunteer','civic_police')),
  post        text check (post in ('A','B','C')),
  badge_no    text,
  -- phone encrypted at rest (AES-256-GCM, key outside the database); the masked form is kept for lists
  phone_enc   text,
  phone_masked text,
  agency_id   integer not null references agencies(id),
  team_id     integer references teams(id),
  active      boolean not null default true
);
create index people_team on people (team_id);

create table person_areas (
  person_id  integer not null references people(id),
  area_id    integer not null references areas(id),
  valid_from timestamptz not null default now(),
  valid_to   timestamptz,
  primary key (person_id, area_id, valid_from)
);
create index person_areas_area on person_areas (area_id);

-- ---------------------------------------------------------------- units and positions
create table units (
  id           serial primary key,
  callsign     text not null unique,
  type         text not null check (type in ('patrol_car','foot','ebike','joint_patrol','swat_post')),
  echelon      smallint not null check (echelon in (1,2,3)),
  team_id      integer references teams(id),
  home_area_id integer references areas(id),
  status       text not null default 'available' check (status in ('available','dispatched','en_route','on_scene','busy','off_duty')),
  version      integer not null default 1,
  incident_id  integer,
  lon          double precision,
  lat          double precision,
  heading      real,
  speed_kmh    real,
  position_at  timestamptz,
  updated_at   timestamptz not null default now()
);

create table unit_members (
  unit_id   integer not null references units(id),
  person_id integer not null references people(id),
  primary key (unit_id, person_id)
);

-- the track: idempotent by unit and device time
create table unit_positions (
  unit_id     integer not null references units(id),
  at          timestamptz not null,
  lon         double precision not null,
  lat         double precision not null,
  speed_kmh   real,
  heading     real,
  received_at timestamptz not null default now(),
  primary key (unit_id, at)
);

create table unit_events (
  id          bigserial primary key,
  unit_id     integer not null references units(id),
  at          timestamptz not null default now(),
  from_status text,
  to_status   text,
  incident_id integer,
  actor_name  text not null
);

-- ---------------------------------------------------------------- incidents
create sequence incident_number_seq;

create table incidents (
  id            serial primary key,
  number        text not null unique,
  source        text not null check (source in ('call_110','grid_report','patrol','video_patrol','citizen','transfer')),
  category      text not null,
  priority      smallint not null check (priority in (1,2,3)),
  status        text not null default 'new' check (status in ('new','dispatched','en_route','on_scene','resolved','closed','cancelled','transferred')),
  version       integer not null default 1,
  geom          geometry(Point, 4326) not null,
  address       text not null default '',
  description   text not null default '',
  caller_name_enc   text,
  caller_name_masked text,
  caller_phone_enc  text,
  caller_phone_masked text,
  -- areas the incident had when it happened (computed by the trigger below, never recomputed)
  county_id      integer references areas(id),
  district_id    integer references areas(id),
  station_id     integer references areas(id),
  police_grid_id integer references areas(id),
  resp_zone_id   integer references areas(id),
  community_id   integer references areas(id),
  grid_id        integer references areas(id),
  area_ids       integer[] not null default '{}',
  officer_id     integer references people(id),
  grid_worker_id integer references people(id),
  reported_at   timestamptz not null default now(),
  dispatched_at timestamptz,
  en_route_at   timestamptz,
  on_scene_at   timestamptz,
  resolved_at   timestamptz,
  closed_at     timestamptz,
  created_by    integer,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);
create index incidents_reported on incidents (reported_at desc);
create index incidents_status on incidents (status) where status in ('new','dispatched','en_route','on_scene');
create index incidents_area_ids on incidents using gin (area_ids);
create index incidents_geom on incidents using gist (geom);
create index incidents_category on incidents (category, reported_at);

create table incident_units (
  incident_id   integer not null references incidents(id),
  unit_id       integer not null references units(id),
  dispatched_at timestamptz not null,
  arrived_at    timestamptz,
  released_at   timestamptz,
  primary key (incident_id, unit_id, dispatched_at)
);
create index incident_units_unit on incident_units (unit_id) where released_at is null;

create table incident_events (
  id            bigserial primary key,
  incident_id   integer not null references incidents(id),
  at            timestamptz not null default now(),
  type          text not null,
  from_status   text,
  to_status     text,
  actor_user_id integer,
  actor_name    text not null,
  note          text,
  data          jsonb not null default '{}'::jsonb
);
create index incident_events_incident on incident_events (incident_id, at);

-- ---------------------------------------------------------------- roads (drawn when no basemap; routing engines load them)
create table roads (
  id        integer primary key,
  name      text not null,
  class     text not null,
  speed_kmh real not null,
  oneway    boolean not null default false,
  geom      geometry(LineString, 4326) not null
);

-- ---------------------------------------------------------------- users, sessions, audit
create table users (
  id            serial primary key,
  username      text not null unique check (username ~ '^[a-z0-9_.-]{2,64}$'),
  display_name  text not null,
  password_hash text not null,
  role          text not null check (role in ('admin','district_lead','station_lead','dispatcher','officer')),
  scope_area_id integer references areas(id),
  person_id     integer references people(id),
  active        boolean not null default true,
  created_at    timestamptz not null default now()
);

create table sessions (
  id           text primary key,          -- sha-256 of the cookie token; the token itself is never stored
  user_id      integer not null references users(id),
  csrf_token   text not null,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  last_seen_at timestamptz not null default now()
);

create table audit_log (
  id            bigserial primary key,
  at            timestamptz not null default now(),
  user_id       integer,
  username      text not null,
  action        text not null,
  resource_type text not null,
  resource_id   text,
  detail        jsonb not null default '{}'::jsonb,
  ip            text
);
create index audit_log_at on audit_log (at desc);

create table app_meta (
  key   text primary key,
  value jsonb not null
);

-- ---------------------------------------------------------------- rules in the database
-- append-only logs: no update, no delete
create function forbid_change() returns trigger language plpgsql as $$
begin
  raise exception 'table % is append-only', tg_table_name using errcode = 'P0001';
end $$;
create trigger incident_events_append_only before update or delete on incident_events for each row execute function forbid_change();
create trigger audit_log_append_only before update or delete on audit_log for each row execute function forbid_change();
create trigger unit_events_append_only before update or delete on unit_events for each row execute function forbid_change();

-- the live area of a kind that covers a point at a time
create function area_at(p geometry, k text, t timestamptz) returns integer language sql stable as $$
  select id from areas
   where kind = k and valid_from <= t and (valid_to is null or valid_to > t) and st_covers(geom, p)
   order by valid_from desc, id limit 1
$$;

-- the person responsible for an area at a time: a police officer (post A first) for the grid, its community or its police grid
create function responsible_person(area_ids integer[], person_role text, t timestamptz) returns integer language sql stable as $$
  select pa.person_id
    from person_areas pa
    join people p on p.id = pa.person_id
   where pa.area_id = any(area_ids) and p.role = person_role and p.active
     and pa.valid_from <= t and (pa.valid_to is null or pa.valid_to > t)
   order by array_position(area_ids, pa.area_id), case p.post when 'A' then 0 when 'B' then 1 when 'C' then 2 else 3 end, p.id
   limit 1
$$;

-- on insert, the database computes the incident's areas and responsible officer, as they were when it happened
create function incidents_locate() returns trigger language plpgsql as $$
begin
  new.county_id      := area_at(new.geom, 'county', new.reported_at);
  new.district_id    := area_at(new.geom, 'district', new.reported_at);
  new.station_id     := area_at(new.geom, 'station', new.reported_at);
  new.police_grid_id := area_at(new.geom, 'police_grid', new.reported_at);
  new.resp_zone_id   := area_at(new.geom, 'resp_zone', new.reported_at);
  new.community_id   := area_at(new.geom, 'community', new.reported_at);
  new.grid_id        := area_at(new.geom, 'grid', new.reported_at);
  new.area_ids := array_remove(array[new.county_id, new.district_id, new.station_id, new.police_grid_id,
                                     new.resp_zone_id, new.community_id, new.grid_id], null);
  if new.officer_id is null then
    new.officer_id := responsible_person(array_remove(array[new.grid_id, new.community_id, new.police_grid_id, new.resp_zone_id], null), 'police', new.reported_at);
  end if;
  if new.grid_worker_id is null then
    new.grid_worker_id := responsible_person(array_remove(array[new.grid_id], null), 'grid_worker', new.reported_at);
  end if;
  return new;
end $$;
create trigger incidents_locate before insert on incidents for each row execute function incidents_locate();
