-- Roads and dispatch: per-profile road speeds, the 1/3/5-minute response targets, key places, the ETA promised at
-- dispatch and how arrival was detected, reinforcement requests, and device ids for AVL gateways (Traccar).

-- ---------------------------------------------------------------- roads: one row per way, a speed per profile
-- speed_kmh is the car speed; a null speed means the profile may not use the road. Foot ignores one-way rules.
alter table roads alter column speed_kmh drop not null;
alter table roads add column ebike_kmh real;
alter table roads add column foot_kmh real;
alter table roads add column osm_id bigint;
-- imported OSM ways keep their tags: each profile derives its own access, one-way rule and speed from them (wayRule)
alter table roads add column tags jsonb;
alter table roads add constraint roads_some_profile check (tags is not null or speed_kmh is not null or ebike_kmh is not null or foot_kmh is not null);
alter table roads add constraint roads_speeds_positive check (coalesce(speed_kmh, 1) > 0 and coalesce(ebike_kmh, 1) > 0 and coalesce(foot_kmh, 1) > 0);

-- ---------------------------------------------------------------- response targets (城区快警 1/3/5 minutes)
-- An area's target applies to incidents inside it and its descendants (the nearest ancestor with a target wins);
-- key places (重点部位) have their own, usually 60 s. Without either, the policy default applies (300 s).
alter table areas add column response_target_s integer check (response_target_s between 30 and 3600);

create table key_places (
  id         serial primary key,
  code       text not null unique,
  name       text not null,
  kind       text not null check (kind in ('school','hospital','transport','government','market','finance','venue','other')),
  geom       geometry(Point, 4326) not null,
  radius_m   real not null default 150 check (radius_m > 0 and radius_m <= 2000),
  target_s   integer not null default 60 check (target_s between 30 and 3600),
  active     boolean not null default true,
  created_at timestamptz not null default now()
);
create index key_places_geom on key_places using gist (geom);

alter table incidents add column key_place_id integer references key_places(id);
-- the response target in seconds that applied when the incident was reported
alter table incidents add column target_s integer;
-- the travel time promised when the first unit was sent (seconds), and that unit
alter table incidents add column eta_s real;

alter table incident_units add column eta_s real;
-- how the arrival was known: a position inside the scene, or the unit's or dispatcher's status change
alter table incident_units add column arrival_source text check (arrival_source in ('position','status'));

create function response_target(p geometry, area_ids integer[]) returns table (target_s integer, key_place_id integer)
language sql stable as $$
  with kp as (
    select k.id, k.target_s from key_places k
     where k.active and st_dwithin(k.geom::geography, p::geography, k.radius_m)
     order by k.target_s, st_distance(k.geom::geography, p::geography), k.id limit 1
  ), area as (
    -- the incident's own areas, then their ancestors: the most specific (deepest) area with a target
    select a.response_target_s from areas a
     where a.id = any(area_ids) and a.response_target_s is not null
     order by array_position(array['grid','community','resp_zone','police_grid','station','district','county'], a.kind) nulls last
     limit 1
  )
  select coalesce((select target_s from kp), (select response_target_s from area)), (select id from kp)
$$;

-- runs after incidents_locate (triggers of one event fire in name order), so area_ids is known
create function incidents_target() returns trigger language plpgsql as $$
declare r record;
begin
  select * into r from response_target(new.geom, new.area_ids);
  new.key_place_id := r.key_place_id;
  new.target_s := coalesce(new.target_s, r.target_s, 300);
  return new;
end $$;
create trigger incidents_target before insert on incidents for each row execute function incidents_target();

-- ---------------------------------------------------------------- reinforcement (梯次增援)
create table reinforcement_requests (
  id                serial primary key,
  incident_id       integer not null references incidents(id),
  echelon           smallint not null check (echelon in (1,2,3)),
  units_needed      smallint not null check (units_needed between 1 and 20),
  unit_types        text[] not null default '{}',
  reason            text not null default '',
  status            text not null default 'requested' check (status in ('requested','accepted','fulfilled','cancelled')),
  version           integer not null default 1,
  requested_by      integer,
  requested_by_name text not null,
  requested_at      timestamptz not null,
  handled_by_name   text,
  accepted_at       timestamptz,
  fulfilled_at      timestamptz,
  cancelled_at      timestamptz,
  note              text
);
create index reinforcement_open on reinforcement_requests (status, requested_at) where status in ('requested','accepted');
create index reinforcement_incident on reinforcement_requests (incident_id);

-- ---------------------------------------------------------------- AVL devices
-- the id a GPS gateway knows the unit's device by (Traccar's uniqueId, a JT808 terminal phone number, ...)
alter table units add column device_id text unique check (device_id ~ '^[A-Za-z0-9_.:-]{1,64}$');
