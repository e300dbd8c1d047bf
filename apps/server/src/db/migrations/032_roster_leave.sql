-- Leave and swaps on the duty roster (issue 12 part 3). A leave (请假) takes a person off duty for its span: who is on
-- duty now, patrol roll call, unit staffing and time in the zone leave them out while it runs, and the roster marks
-- their duties in it. A swap (换班) exchanges the people of two duties not yet started, recorded here (duty rows are
-- replaced when a day is saved, so the swap keeps the people and rosters, not a reference to the rows).
create table person_leaves (
  id                serial primary key,
  person_id         integer not null references people(id),
  kind              text not null check (kind in ('annual', 'sick', 'personal', 'comp', 'other')),
  starts_at         timestamptz not null,
  ends_at           timestamptz not null,
  note              text not null default '',
  created_by_name   text not null,
  created_at        timestamptz not null,
  cancelled_at      timestamptz,
  cancelled_by_name text,
  version           integer not null default 1,
  check (ends_at > starts_at)
);
create index person_leaves_person on person_leaves (person_id, starts_at);

create table duty_swaps (
  id              serial primary key,
  a_roster_id     integer not null references duty_rosters(id),
  b_roster_id     integer not null references duty_rosters(id),
  a_person_id     integer not null references people(id),
  b_person_id     integer not null references people(id),
  a_starts_at     timestamptz not null,
  b_starts_at     timestamptz not null,
  reason          text not null,
  created_by_name text not null,
  created_at      timestamptz not null
);
