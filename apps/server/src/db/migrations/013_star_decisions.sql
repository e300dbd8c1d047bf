-- Stars are only proposed by the assessment (issue 18): a lead confirms or rejects each proposed star of a subject,
-- with the history of who decided what, when and why. One row per plan, month, star and subject (status and
-- version), and the decisions as append-only events.
create table assessment_star_decisions (
  id serial primary key,
  plan_code text not null,
  period text not null,
  star text not null,
  subject_id integer not null,
  status text not null check (status in ('confirmed', 'rejected')),
  score double precision,
  decided_at timestamptz not null,
  decided_by integer,
  decided_by_name text not null,
  note text,
  version integer not null default 1,
  unique (plan_code, period, star, subject_id)
);

create table assessment_star_events (
  id bigserial primary key,
  decision_id integer not null references assessment_star_decisions (id),
  action text not null check (action in ('confirmed', 'rejected')),
  at timestamptz not null,
  by_user integer,
  by_name text not null,
  note text
);
create index assessment_star_events_decision on assessment_star_events (decision_id, at);
