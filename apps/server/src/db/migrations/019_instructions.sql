-- Instructions (指令一键直达, issue 13 part 3): a lead's or the command room's instruction to a person, a team, a
-- unit (its members) or an area (the police responsible there), one receipt per recipient user (delivered, read,
-- feedback, done), feedback with photos, the SMS fallback when unread. Rows that change carry `version`.
create table instructions (
  id              serial primary key,
  sender_user_id  integer not null references users(id),
  sender_name     text not null,
  target_kind     text not null check (target_kind in ('person','team','unit','area')),
  target_id       integer not null,
  target_name     text not null,
  area_ids        integer[] not null default '{}',
  body            text not null,
  priority        text not null check (priority in ('normal','urgent')),
  due_at          timestamptz,
  link_type       text check (link_type in ('incident','task','task_assignment')),
  link_id         integer,
  photo_ids       integer[] not null default '{}',
  status          text not null default 'open' check (status in ('open','closed')),
  closed_at       timestamptz,
  closed_by_name  text,
  created_at      timestamptz not null,
  version         integer not null default 1
);
create index instructions_sender on instructions (sender_user_id, created_at desc);
create index instructions_link on instructions (link_type, link_id) where link_id is not null;

create table instruction_receipts (
  id              serial primary key,
  instruction_id  integer not null references instructions(id) on delete cascade,
  user_id         integer not null references users(id),
  name            text not null,
  status          text not null default 'delivered' check (status in ('delivered','read','feedback','done')),
  delivered_at    timestamptz not null,
  read_at         timestamptz,
  feedback_at     timestamptz,
  done_at         timestamptz,
  fallback_at     timestamptz,
  version         integer not null default 1,
  unique (instruction_id, user_id)
);
create index instruction_receipts_user on instruction_receipts (user_id, status);
create index instruction_receipts_unread on instruction_receipts (delivered_at) where status = 'delivered' and fallback_at is null;

create table instruction_feedback (
  id          serial primary key,
  receipt_id  integer not null references instruction_receipts(id) on delete cascade,
  at          timestamptz not null,
  text        text not null,
  photo_ids   integer[] not null default '{}'
);
create index instruction_feedback_receipt on instruction_feedback (receipt_id);

create table instruction_photos (
  id          serial primary key,
  mime        text not null check (mime in ('image/jpeg','image/png')),
  bytes       bytea not null,
  created_at  timestamptz not null
);
