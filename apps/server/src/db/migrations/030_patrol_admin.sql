-- Administration of must-patrol lines and area response targets (issue 12 part 1).
-- Lines are edited with the version read (409 STALE_VERSION), as points already are.
alter table patrol_lines add column version integer not null default 1;
-- A live area changes in place only through its response target (1/3/5-minute compliance): the edit carries the
-- version read. Boundaries still change by retiring the row and inserting a new one (valid_from / valid_to).
alter table areas add column version integer not null default 1;
