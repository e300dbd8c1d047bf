-- 018: 一标三实 (issue 15 parts 1, 2 and 6). Standard addresses (标准地址) with a point, placed in the area tree when
-- written; houses at an address; persons (names, ID numbers and phones encrypted at rest, masked copies for lists,
-- keyed blind indexes for exact search); residencies (registered / living / floating, arrival and leaving dates);
-- businesses and organisations (实有单位) with their employees. Every change of these records is kept in
-- registry_history (append-only); a person is never deleted (left or merged).
create table addresses (
  id             serial primary key,
  province       text,
  city           text,
  county         text,
  town           text,
  community      text,
  street         text,
  door_no        text,
  building       text,
  unit_no        text,
  room           text,
  label          text not null,
  norm           text not null,
  initials       text not null,
  geom           geometry(Point, 4326) not null,
  grid_id        integer references areas(id),
  police_grid_id integer references areas(id),
  station_id     integer references areas(id),
  area_ids       integer[] not null default '{}',
  source         text not null default 'manual',
  version        integer not null default 1,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);
create unique index addresses_norm on addresses (norm);
create index addresses_norm_prefix on addresses (norm text_pattern_ops);
create index addresses_initials_prefix on addresses (initials text_pattern_ops);
create index addresses_areas on addresses using gin (area_ids);
create index addresses_geom on addresses using gist (geom);

create table houses (
  id                serial primary key,
  address_id        integer not null references addresses(id),
  owner_name_enc    text,
  owner_name_masked text,
  use               text not null check (use in ('residential','commercial','mixed','other')),
  rented            boolean not null default false,
  note              text,
  version           integer not null default 1,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now()
);
create index houses_address on houses (address_id);

create table persons (
  id            serial primary key,
  name_enc      text not null,
  name_masked   text not null,
  name_hash     text not null,
  id_no_enc     text not null,
  id_no_masked  text not null,
  id_no_hash    text not null,
  phone_enc     text,
  phone_masked  text,
  phone_hash    text,
  gender        text check (gender in ('male','female')),
  birth_date    date,
  status        text not null default 'active' check (status in ('active','left','merged')),
  merged_into   integer references persons(id),
  version       integer not null default 1,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  check ((status = 'merged') = (merged_into is not null))
);
create unique index persons_id_no on persons (id_no_hash) where status <> 'merged';
create index persons_name_hash on persons (name_hash);
create index persons_phone_hash on persons (phone_hash);

create table residencies (
  id          serial primary key,
  person_id   integer not null references persons(id),
  house_id    integer not null references houses(id),
  relation    text not null check (relation in ('registered','living','floating')),
  arrived_on  date,
  left_on     date,
  version     integer not null default 1,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  check (left_on is null or arrived_on is null or left_on >= arrived_on)
);
create index residencies_house on residencies (house_id);
create index residencies_person on residencies (person_id);

create table registry_units (
  id          serial primary key,
  name        text not null,
  kind        text not null check (kind in ('business','shop','organisation','other')),
  credit_code text,
  address_id  integer not null references addresses(id),
  version     integer not null default 1,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
create index registry_units_address on registry_units (address_id);

create table registry_unit_employees (
  id         serial primary key,
  unit_id    integer not null references registry_units(id),
  person_id  integer not null references persons(id),
  role       text,
  from_on    date,
  to_on      date,
  version    integer not null default 1,
  created_at timestamptz not null default now(),
  check (to_on is null or from_on is null or to_on >= from_on)
);
create index registry_unit_employees_unit on registry_unit_employees (unit_id);
create index registry_unit_employees_person on registry_unit_employees (person_id);

create table registry_history (
  id        bigserial primary key,
  at        timestamptz not null default now(),
  entity    text not null check (entity in ('address','house','person','residency','unit','employee')),
  entity_id integer not null,
  action    text not null,
  changes   jsonb not null default '{}'::jsonb,
  user_id   integer,
  username  text not null
);
create index registry_history_entity on registry_history (entity, entity_id, at desc);
create trigger registry_history_append_only before update or delete on registry_history for each row execute function forbid_change();

-- the audit log searchable by the record (the person) looked at
create index audit_log_resource on audit_log (resource_type, resource_id, at desc);
