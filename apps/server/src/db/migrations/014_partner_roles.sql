-- Partner roles (issue 12 part 2): grid workers, mediators, 城管 staff, department liaisons and volunteers log in and
-- see only their own work. Their reach: an area for grid workers, mediators and volunteers (SCOPED_ROLES), the
-- department of the person the account belongs to for liaisons and 城管 staff (users.person_id -> people.agency_id).
alter table users drop constraint if exists users_role_check;
alter table users add constraint users_role_check check (role in (
  'admin','district_lead','station_lead','dispatcher','officer',
  'grid_worker','mediator','urban_mgmt','liaison','volunteer'));
