-- The phone's offline queue (issue 13 part 5): every queued action carries an idempotency key; the first answer per
-- (user, key) is kept and replayed for a repeat, so a resend after a lost answer writes nothing twice. An action
-- that reaches the server well after it happened is recorded at its real (client) time and marked late-synced with
-- the time it was received (补传 on the command room's timeline).

create table idempotency_keys (
  user_id integer not null references users(id) on delete cascade,
  key text not null check (length(key) between 8 and 100),
  route text not null,
  request_hash text not null,
  -- null while the first request is being handled
  status_code integer,
  response text,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (user_id, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);

alter table incident_events add column late_synced boolean not null default false;
alter table incident_events add column received_at timestamptz;

-- photos from the scene (the phone's remarks, issue 13 part 2): the stored copy is watermarked; taken_at is the
-- server's receipt, the EXIF time and place beside it, a gallery photo marked as such (as task and check-in photos)
create table incident_photos (
  id serial primary key,
  incident_id integer not null references incidents(id) on delete cascade,
  user_id integer references users(id) on delete set null,
  actor_name text not null,
  mime text not null check (mime in ('image/jpeg','image/png')),
  bytes bytea not null,
  taken_at timestamptz not null,
  exif_taken_at timestamptz,
  exif_lon double precision,
  exif_lat double precision,
  client_taken_at timestamptz,
  gallery boolean not null default false,
  gallery_reason text,
  created_at timestamptz not null default now()
);
create index incident_photos_incident on incident_photos (incident_id);
