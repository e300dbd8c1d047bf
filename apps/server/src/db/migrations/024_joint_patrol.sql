-- 024: joint police-城管 patrol (城警联勤, issue 16 part 4).
-- A joint group is a unit of type 'joint_patrol' (units admin manages it and its members, who are people of a police
-- agency and of a 城管 agency); its base is a 联勤服务站 (service post), a point on the map. On the spot the group
-- handles urban-management problems with a simple-procedure record (简易程序 / 临查临检): what, where, the parties
-- (encrypted, masked in lists), a photo, and the outcome (当场纠正 / 警告 / 罚款 / 转交办); 转交办 makes a ticket
-- (source_type 'joint_patrol', the record's id as source_id). The dispatch run card's third echelon can hold 城管
-- emergency teams (城管综合应急队) and youth squads (青年突击队), two unit types that are echelon 3 only.
alter table units drop constraint if exists units_type_check;
alter table units add constraint units_type_check
  check (type in ('patrol_car','foot','ebike','joint_patrol','swat_post','urban_mgmt_team','youth_squad'));
alter table units add constraint units_civic_echelon_3 check (type not in ('urban_mgmt_team','youth_squad') or echelon = 3);

create table joint_posts (
  id         serial primary key,
  name       text not null,
  address    text not null default '',
  lon        double precision not null check (lon between -180 and 180),
  lat        double precision not null check (lat between -90 and 90),
  -- the areas holding the post, from the county down (scope)
  area_ids   integer[] not null default '{}',
  station_id integer references areas(id),
  active     boolean not null default true,
  version    integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index joint_posts_name on joint_posts (name) where active;
create index joint_posts_areas on joint_posts using gin (area_ids);

-- the base of a joint group (a unit of type joint_patrol): one post per group
create table joint_group_bases (
  unit_id    integer primary key references units(id),
  post_id    integer not null references joint_posts(id),
  updated_at timestamptz not null
);
create index joint_group_bases_post on joint_group_bases (post_id);

create table joint_handlings (
  id             serial primary key,
  unit_id        integer not null references units(id),
  category       text not null,
  what           text not null,
  address        text not null default '',
  lon            double precision not null,
  lat            double precision not null,
  area_ids       integer[] not null default '{}',
  station_id     integer references areas(id),
  -- parties: [{ name_enc, name_masked, phone_enc, phone_masked }] (clear values encrypted at rest)
  parties        jsonb not null default '[]',
  outcome        text not null check (outcome in ('corrected','warned','fined','transferred')),
  fine_yuan      numeric(10,2) check (fine_yuan is null or fine_yuan > 0),
  ticket_id      integer references tickets(id),
  photo_mime     text,
  photo_bytes    bytea,
  by_user_id     integer references users(id),
  by_name        text not null,
  at             timestamptz not null,
  check ((outcome = 'fined') = (fine_yuan is not null)),
  check (outcome <> 'transferred' or ticket_id is not null)
);
create index joint_handlings_at on joint_handlings (at);
create index joint_handlings_areas on joint_handlings using gin (area_ids);

-- tickets (issue 16 part 2 fix): a reopened ticket keeps the figures of its earlier rounds (resolved, resolved on time)
-- for the on-time rate; the current round's resolution and deadline stay in resolved_at / due_at.
alter table tickets add column earlier_resolved integer not null default 0, add column earlier_on_time integer not null default 0;
