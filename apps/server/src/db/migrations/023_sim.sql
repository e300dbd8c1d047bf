-- 023: the reform simulator's saved runs (改革推演, issue 20). A run replays the calls of an area's past period under
-- the chosen policies (packages/core/src/sim/reform) in a worker thread; the row is written when the run is asked
-- for (queued), marked running when its worker starts, and done (with the result) or failed (with the reason).
-- `input` is the validated request (period, units, seeds, policies, moved posts, bundles of stations into 片区);
-- `scenario` what was built from the county's data (calls in the period, dropped calls, stations, the road profile);
-- `result` the engine's figures per policy (shares within 1/3/5 min with confidence intervals over seeds, travel
-- times, utilisation, queued calls, slow places, posts placed). Runs are never edited, only listed and reopened.
create table sim_runs (
  id            serial primary key,
  -- the area whose calls are replayed (county, district or station): scope of who sees the run
  area_id       integer not null references areas(id),
  status        text not null check (status in ('queued','running','done','failed')),
  name          text,
  input         jsonb not null,
  scenario      jsonb,
  result        jsonb,
  error         text,
  created_by    integer references users(id),
  created_by_name text not null,
  created_at    timestamptz not null,
  started_at    timestamptz,
  finished_at   timestamptz,
  duration_ms   integer,
  version       integer not null default 1
);
create index sim_runs_area on sim_runs (area_id, created_at desc);
create index sim_runs_open on sim_runs (status) where status in ('queued','running');
