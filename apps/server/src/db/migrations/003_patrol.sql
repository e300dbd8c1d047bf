-- 003: patrol (巡防): shifts, must-patrol points and lines, cameras, patrol tiers of units, daily plans with routes,
-- check-ins (geofence, QR, by hand with photo), flags (off route, missed point, absent), roll calls, video patrol.

-- ---------------------------------------------------------------- forces
-- a unit belongs to one patrol tier (street, community, grid) with the area it patrols, and has a base where its
-- routes start and end (its station or post)
alter table units add column patrol_tier text check (patrol_tier in ('street','community','grid'));
alter table units add column patrol_area_id integer references areas(id);
alter table units add column base_lon double precision check (base_lon between -180 and 180);
alter table units add column base_lat double precision check (base_lat between -90 and 90);

create table patrol_shifts (
  id                     serial primary key,
  code                   text not null unique,
  name                   text not null,
  starts_at              time not null,
  duration_min           integer not null check (duration_min between 30 and 1440),
  roll_call_offset_min   integer not null default 15 check (roll_call_offset_min >= 0)
);

-- ---------------------------------------------------------------- places
create table patrol_points (
  id              serial primary key,
  code            text not null unique,
  name            text not null,
  kind            text not null check (kind in ('must_patrol','must_arrive')),
  tier            text not null check (tier in ('street','community','grid')),
  area_id         integer references areas(id),
  geom            geometry(Point, 4326) not null,
  visits_per_shift integer not null check (visits_per_shift between 1 and 12),
  dwell_min       integer not null default 5 check (dwell_min between 0 and 240),
  window_start    time,
  window_end      time,
  min_gap_min     integer not null default 0 check (min_gap_min between 0 and 720),
  radius_m        integer not null default 50 check (radius_m between 10 and 500),
  -- secret of the printed QR code (HMAC key material is the server's; this makes reprinting revoke old sheets)
  qr_nonce        text not null default md5(random()::text),
  active          boolean not null default true,
  version         integer not null default 1,
  created_at      timestamptz not null default now(),
  check ((window_start is null) = (window_end is null))
);
create index patrol_points_geom on patrol_points using gist (geom);
create index patrol_points_area on patrol_points (area_id);

create table patrol_lines (
  id              serial primary key,
  code            text not null unique,
  name            text not null,
  tier            text not null check (tier in ('street','community','grid')),
  area_id         integer references areas(id),
  geom            geometry(LineString, 4326) not null,
  visits_per_shift integer not null check (visits_per_shift between 1 and 12),
  active          boolean not null default true,
  created_at      timestamptz not null default now()
);
create index patrol_lines_geom on patrol_lines using gist (geom);

create table cameras (
  id        serial primary key,
  code      text not null unique,
  name      text not null,
  area_id   integer references areas(id),
  geom      geometry(Point, 4326) not null,
  view_url  text,
  active    boolean not null default true
);
create index cameras_geom on cameras using gist (geom);

-- ---------------------------------------------------------------- plans
create table patrol_plans (
  id                 serial primary key,
  plan_date          date not null,
  shift_id           integer not null references patrol_shifts(id),
  tier               text not null check (tier in ('street','community','grid')),
  area_id            integer not null references areas(id),
  status             text not null default 'draft' check (status in ('draft','published','cancelled')),
  version            integer not null default 1,
  shift_start        timestamptz not null,
  shift_end          timestamptz not null,
  seed               integer not null,
  risk_total         double precision not null default 0,
  risk_source        text not null,
  -- every candidate the routes may take (points, lines, risk cells) with its planning data, as generated
  candidates         jsonb not null,
  unmet              jsonb not null default '[]',
  generated_at       timestamptz not null default now(),
  generated_by       integer references users(id),
  generated_by_name  text not null,
  published_at       timestamptz,
  published_by_name  text,
  cancelled_at       timestamptz,
  check (shift_end > shift_start)
);
-- one live plan per date, shift, tier and area
create unique index patrol_plans_live on patrol_plans (plan_date, shift_id, tier, area_id) where status <> 'cancelled';
create index patrol_plans_time on patrol_plans (shift_start, shift_end) where status = 'published';

create table patrol_routes (
  id               serial primary key,
  plan_id          integer not null references patrol_plans(id),
  unit_id          integer not null references units(id),
  version          integer not null default 1,
  -- stops in order: [{ kind, ref, name, lon, lat, arrive, start, depart, dwell, risk }] (seconds from shift start)
  stops            jsonb not null,
  -- road path start -> stops -> end as [[lon, lat], ...]
  path             jsonb not null,
  travel_s         double precision not null,
  duration_s       double precision not null,
  distance_m       double precision not null,
  risk             double precision not null,
  overtime_s       double precision not null default 0,
  late_stops       jsonb not null default '[]',
  travel_source    text not null check (travel_source in ('roads','straight_line')),
  start_lon        double precision not null,
  start_lat        double precision not null,
  unique (plan_id, unit_id)
);
create index patrol_routes_unit on patrol_routes (unit_id);

create table patrol_photos (
  id          serial primary key,
  mime        text not null check (mime in ('image/jpeg','image/png')),
  bytes       bytea not null,
  created_at  timestamptz not null default now()
);

create table patrol_checkins (
  id          serial primary key,
  plan_id     integer not null references patrol_plans(id),
  route_id    integer not null references patrol_routes(id),
  unit_id     integer not null references units(id),
  kind        text not null check (kind in ('point','line','cell')),
  ref         text not null,
  method      text not null check (method in ('geofence','qr','manual')),
  at          timestamptz not null,
  lon         double precision,
  lat         double precision,
  note        text,
  photo_id    integer references patrol_photos(id),
  by_name     text not null,
  by_user     integer references users(id)
);
create index patrol_checkins_route on patrol_checkins (route_id, kind, ref, at);
create index patrol_checkins_plan on patrol_checkins (plan_id, at);

create table patrol_flags (
  id          serial primary key,
  plan_id     integer not null references patrol_plans(id),
  route_id    integer not null references patrol_routes(id),
  unit_id     integer not null references units(id),
  kind        text not null check (kind in ('off_route','missed_point','absent')),
  status      text not null default 'open' check (status in ('open','acknowledged','cleared')),
  version     integer not null default 1,
  raised_at   timestamptz not null,
  cleared_at  timestamptz,
  ack_by_name text,
  ref         text,
  detail      text not null,
  distance_m  double precision,
  lon         double precision,
  lat         double precision
);
create index patrol_flags_plan on patrol_flags (plan_id, status);
-- at most one live off-route flag per route, one missed flag per stop
create unique index patrol_flags_off_route on patrol_flags (route_id) where kind = 'off_route' and status <> 'cleared';
create unique index patrol_flags_missed on patrol_flags (route_id, ref) where kind = 'missed_point';

create table patrol_roll_calls (
  id        serial primary key,
  plan_id   integer not null references patrol_plans(id),
  at        timestamptz not null,
  by_name   text not null,
  entries   jsonb not null
);
create index patrol_roll_calls_plan on patrol_roll_calls (plan_id, at);

-- ---------------------------------------------------------------- video patrol
create table video_rounds (
  id            serial primary key,
  area_id       integer not null references areas(id),
  scheduled_at  timestamptz not null,
  status        text not null default 'scheduled' check (status in ('scheduled','in_progress','done')),
  version       integer not null default 1,
  created_by_name text not null,
  created_at    timestamptz not null default now()
);
create index video_rounds_time on video_rounds (scheduled_at);

create table video_round_cameras (
  round_id     integer not null references video_rounds(id),
  camera_id    integer not null references cameras(id),
  position     integer not null,
  result       text check (result in ('normal','finding','offline')),
  note         text,
  checked_at   timestamptz,
  checked_by_name text,
  incident_id  integer references incidents(id),
  primary key (round_id, camera_id)
);
