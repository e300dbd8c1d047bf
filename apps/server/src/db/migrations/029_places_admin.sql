-- 029: key places (重点部位) and cameras (视频点位) are administered by the bureau (issue 12 part 1), no longer written
-- by the demo seed only: created, edited with the version read (optimistic concurrency), retired (never deleted:
-- incidents, video rounds and case items point to them). Each carries the station its point lies in (`area_id`, set
-- on every write from the area tree) so that a station lead administers only their station's. The history of every
-- change is the audit log (`key_place.*` / `camera.*` rows with the fields before and after), read through the index
-- `audit_log_resource` (018).

alter table key_places
  add column area_id       integer references areas(id),
  add column version       integer not null default 1,
  add column updated_at    timestamptz not null default now(),
  add column retired_at    timestamptz,
  add column retire_reason text;
update key_places set area_id = area_at(geom, 'station', now());
create index key_places_area on key_places (area_id);

alter table cameras
  add column version       integer not null default 1,
  add column created_at    timestamptz not null default now(),
  add column updated_at    timestamptz not null default now(),
  add column retired_at    timestamptz,
  add column retire_reason text;
create index cameras_area on cameras (area_id);
