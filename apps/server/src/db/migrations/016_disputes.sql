-- 016: disputes (矛盾纠纷, issue 16). A dispute is registered from a call, a visit, a patrol, a grid worker's report or
-- a walk-in; it carries a risk grade with the rules that set it, the level that owns it (grid, community, station,
-- town, county) and the deadline of that level; it climbs a level when not resolved in time or when its grade rises.
-- Mediation sessions, referrals to people's / administrative / judicial mediation, follow-up visits after resolution
-- and the timeline are their own tables. Parties' names and phones are encrypted at rest and masked. The registry
-- person, the handover ticket and the criminal case are plain ids (other modules' records, no foreign key).
create table disputes (
  id                 serial primary key,
  status             text not null check (status in ('open','mediating','referred','resolved','closed','converted')),
  version            integer not null default 1,
  source             text not null check (source in ('call','visit','patrol','grid_report','walk_in')),
  incident_id        integer references incidents(id),
  type               text not null check (type in ('neighbour','family','land','labour','debt','property_mgmt','other')),
  title              text not null,
  description        text,
  address            text not null,
  address_norm       text not null,
  geom               geometry(Point, 4326),
  grid_id            integer references areas(id),
  community_id       integer references areas(id),
  station_id         integer references areas(id),
  district_id        integer references areas(id),
  county_id          integer references areas(id),
  area_ids           integer[] not null default '{}',
  grade              text not null check (grade in ('low','medium','high')),
  grade_reasons      jsonb not null default '[]',
  violence_threatened boolean not null default false,
  vulnerable         boolean not null default false,
  group_size         integer not null default 0 check (group_size >= 0),
  prior_calls        integer not null default 0,
  level              text not null check (level in ('grid','community','station','town','county')),
  level_area_id      integer references areas(id),
  level_since        timestamptz not null,
  level_due_at       timestamptz not null,
  escalations        integer not null default 0,
  reported_at        timestamptz not null,
  reported_by_user   integer references users(id),
  reported_by_name   text not null,
  resolved_at        timestamptz,
  resolved_on_time   boolean,
  case_id            integer,
  ticket_id          integer,
  check ((status in ('resolved','closed')) <= (resolved_at is not null))
);
create index disputes_areas on disputes using gin (area_ids);
create index disputes_status on disputes (status, level_due_at);
create index disputes_reporter on disputes (reported_by_user);
create index disputes_geom on disputes using gist (geom);

create table dispute_parties (
  id             serial primary key,
  dispute_id     integer not null references disputes(id),
  role           text not null check (role in ('applicant','respondent','other')),
  name_enc       text not null,
  name_masked    text not null,
  phone_enc      text,
  phone_masked   text,
  person_ref_id  integer,
  vulnerable     boolean not null default false
);
create index dispute_parties_dispute on dispute_parties (dispute_id);

create table dispute_sessions (
  id              serial primary key,
  dispute_id      integer not null references disputes(id),
  held_at         timestamptz not null,
  level           text not null,
  mediator_user   integer references users(id),
  mediator_name   text not null,
  participants    text[] not null,
  outcome         text not null check (outcome in ('agreement','partial','no_agreement','adjourned')),
  note            text,
  agreement_text  text,
  photo_mime      text,
  photo           bytea
);
create index dispute_sessions_dispute on dispute_sessions (dispute_id);

create table dispute_referrals (
  id                serial primary key,
  dispute_id        integer not null references disputes(id),
  kind              text not null check (kind in ('people','administrative','judicial')),
  org_name          text not null,
  to_user_id        integer references users(id),
  referred_at       timestamptz not null,
  referred_by_name  text not null,
  feedback          text,
  feedback_outcome  text check (feedback_outcome in ('agreement','partial','no_agreement','adjourned')),
  feedback_at       timestamptz,
  feedback_by_name  text
);
create index dispute_referrals_dispute on dispute_referrals (dispute_id);
create index dispute_referrals_user on dispute_referrals (to_user_id);

create table dispute_followups (
  id          serial primary key,
  dispute_id  integer not null references disputes(id),
  due_at      timestamptz not null,
  done_at     timestamptz,
  note        text,
  by_name     text,
  recurred    boolean
);
create index dispute_followups_dispute on dispute_followups (dispute_id, due_at);

-- append-only timeline
create table dispute_events (
  id          bigserial primary key,
  dispute_id  integer not null references disputes(id),
  at          timestamptz not null,
  kind        text not null,
  by_name     text not null,
  data        jsonb not null default '{}'
);
create index dispute_events_dispute on dispute_events (dispute_id, id);
