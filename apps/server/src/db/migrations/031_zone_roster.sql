-- Time in the assigned zone from the duty roster (issue 12 part 3): where the person's station kept a roster that
-- day, duty minutes are the rostered minutes and zone minutes the rostered minutes with a position inside the
-- person's areas; elsewhere both still come from the positions alone. `source` says which.
alter table zone_presence_daily add column source text not null default 'positions' check (source in ('positions', 'roster'));
