-- 025: cases in hand after opening (issue 17): a related person may be the registry's person (一标三实). The case keeps
-- the masked name and phone copied from the registry; the clear ones stay there (read through its audited reveal).
alter table case_people add column registry_person_id integer references persons(id);
create index case_people_registry on case_people (registry_person_id) where registry_person_id is not null;
