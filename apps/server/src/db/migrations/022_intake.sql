-- Issue 14: the shift handover log (交接班) of the command room. The duty leader writes it (the open calls
-- summarised when written, notes); the next shift acknowledges it once (version: optimistic concurrency).
create table shift_handovers (
  id                   serial primary key,
  area_id              integer not null references areas(id),
  day                  date not null,
  shift                text not null check (shift in ('day', 'night')),
  status               text not null default 'written' check (status in ('written', 'acknowledged')),
  version              integer not null default 1,
  notes                text not null,
  open_summary         jsonb not null,
  written_by           integer references users(id),
  written_by_name      text not null,
  written_at           timestamptz not null,
  acknowledged_by      integer references users(id),
  acknowledged_by_name text,
  acknowledged_at      timestamptz,
  ack_note             text
);
create index shift_handovers_day on shift_handovers (day, area_id);

-- intake: a repeated call linked to an incident is an event `duplicate_call` on its timeline; the count is read
-- from the events (no column to keep in step)
create index incident_events_duplicate on incident_events (incident_id) where type = 'duplicate_call';
