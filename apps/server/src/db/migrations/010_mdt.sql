-- The field terminal (issue 13 parts 1, 2, 6): a dispatch reaches the phones of the assigned unit's members.
-- One row per assignment of a unit to an incident (incident_units' key): who it was sent to, who acknowledged it
-- and when, and when the notification webhook was used as SMS fallback (once, after MDT_ACK_SECONDS).
create table mdt_assignments (
  id            serial primary key,
  incident_id   integer not null references incidents(id),
  unit_id       integer not null references units(id),
  dispatched_at timestamptz not null,
  sent_at       timestamptz not null,
  -- the users (unit members with an account) it was sent to
  recipients    integer[] not null default '{}',
  acked_at      timestamptz,
  acked_by      integer references users(id),
  acked_by_name text,
  ack_key       text,
  fallback_at   timestamptz,
  unique (incident_id, unit_id, dispatched_at)
);
-- the fallback job looks for assignments not acknowledged and not escalated yet
create index mdt_assignments_waiting on mdt_assignments (sent_at) where acked_at is null and fallback_at is null;
create index mdt_assignments_unit on mdt_assignments (unit_id, dispatched_at desc);
