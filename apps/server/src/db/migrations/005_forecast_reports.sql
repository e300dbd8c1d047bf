-- 005: forecasts in the product (nightly per district, by shift), analysis reports (日提醒 / 周研判 / 月分析) kept as
-- snapshots, and in-app notifications (reports pushed to tiers; later issues reuse them for task reminders).

-- ---------------------------------------------------------------- forecasts
-- One run per district and local date: which model won on the training data, its parameters, the grid it scored.
-- Cells are on the deployment's fixed grid (the patrol risk grid: `cell_m` metres, scale fixed by `ref_lat`,
-- anchored at lon 0 / lat 0), so a forecast cell and a patrol plan's risk cell share the id "c:<ix>:<iy>".
create table forecast_runs (
  id            serial primary key,
  district_id   integer not null references areas(id),
  for_date      date not null,
  trigger       text not null check (trigger in ('schedule','demand')),
  model         text not null,
  params        jsonb not null default '{}'::jsonb,
  -- every candidate model's validation PAI at 5 % (the one chosen is the best), and the events it was fitted on
  validation    jsonb not null default '{}'::jsonb,
  cell_m        integer not null,
  ref_lat       integer not null,
  train_from    timestamptz not null,
  train_until   timestamptz not null,
  events        integer not null,
  cells         integer not null,
  duration_ms   integer not null,
  created_at    timestamptz not null default now(),
  created_by    text not null,
  unique (district_id, for_date)
);

-- The top-scoring cells of a run per shift (null shift = the whole day). share: the cell's part of the forecast's
-- total over the district (sums to at most 1 over the kept cells); rank 1 = highest.
create table forecast_cells (
  run_id    integer not null references forecast_runs(id) on delete cascade,
  shift_id  integer references patrol_shifts(id),
  ix        integer not null,
  iy        integer not null,
  score     double precision not null,
  share     double precision not null,
  rank      integer not null,
  -- incidents of the training data in the cell (all hours), to explain the score
  history   integer not null
);
create index forecast_cells_run on forecast_cells (run_id, shift_id, rank);

-- ---------------------------------------------------------------- reports
create table reports (
  id            serial primary key,
  kind          text not null check (kind in ('daily','weekly','monthly')),
  area_id       integer not null references areas(id),
  period_start  date not null,
  period_end    date not null,
  trigger       text not null check (trigger in ('schedule','demand')),
  version       integer not null default 1,
  content       jsonb not null,
  generated_at  timestamptz not null default now(),
  generated_by  text not null,
  pushed_at     timestamptz,
  pushed_to     integer not null default 0,
  unique (kind, area_id, period_start),
  check (period_end >= period_start)
);
create index reports_area on reports (area_id, kind, period_start desc);

-- ---------------------------------------------------------------- notifications
create table notifications (
  id          bigserial primary key,
  user_id     integer not null references users(id),
  kind        text not null,
  title       text not null,
  body        text not null default '',
  link        text,
  ref_type    text,
  ref_id      text,
  created_at  timestamptz not null default now(),
  read_at     timestamptz,
  -- delivery through the optional webhook (SMS or IM gateway): null = not sent (no gateway configured)
  webhook_status text check (webhook_status in ('sent','failed')),
  webhook_at  timestamptz
);
create index notifications_user on notifications (user_id, created_at desc);
create index notifications_unread on notifications (user_id) where read_at is null;
create unique index notifications_once on notifications (user_id, kind, ref_type, ref_id) where ref_id is not null;
