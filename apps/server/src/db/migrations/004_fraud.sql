-- 004: anti-fraud warning loop (预警 -> 劝阻 -> 回访). A warning about a person likely to be defrauded arrives from
-- the anti-fraud centre (API or CSV), is located and routed to the responsible officer of the grid as a dissuasion
-- task with a deadline; the outcome is recorded and a follow-up visit is scheduled. Name and phone are encrypted
-- at rest and masked in lists; every clear read is audited.
create table fraud_warnings (
  id               serial primary key,
  source           text not null,
  external_id      text not null,
  status           text not null check (status in ('accepted','rejected','closed','followed_up')),
  reject_reason    text check (reject_reason in ('no_location','outside_jurisdiction','no_officer','duplicate')),
  version          integer not null default 1,
  fraud_type       text not null,
  amount_at_risk   numeric(14,2),
  warned_at        timestamptz not null,
  received_at      timestamptz not null,
  person_name_enc  text,
  person_name_masked text,
  phone_enc        text,
  phone_masked     text,
  address          text not null,
  geom             geometry(Point, 4326),
  grid_id          integer references areas(id),
  community_id     integer references areas(id),
  station_id       integer references areas(id),
  area_ids         integer[] not null default '{}',
  officer_id       integer references people(id),
  deadline_at      timestamptz,
  outcome          text check (outcome in ('dissuaded','reached_not_dissuaded','money_lost','unreachable')),
  loss_amount      numeric(14,2),
  outcome_note     text,
  outcome_at       timestamptz,
  outcome_by_name  text,
  followup_due_at  timestamptz,
  followup_at      timestamptz,
  followup_note    text,
  followup_by_name text,
  unique (source, external_id),
  check ((status = 'rejected') = (reject_reason is not null)),
  check (outcome is null or outcome_at is not null),
  check (loss_amount is null or loss_amount >= 0)
);
create index fraud_warnings_status on fraud_warnings (status, deadline_at);
create index fraud_warnings_officer on fraud_warnings (officer_id, status);
create index fraud_warnings_areas on fraud_warnings using gin (area_ids);
