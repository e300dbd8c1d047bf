-- 026: check-ins and task completions sent late by the phone's offline queue (issue 13 part 5). The record keeps
-- the time the officer acted (`at`, from X-Client-Time when plausible) and, when it reached the server more than a
-- minute later, is marked late-synced (补传) with the server's receipt time beside it.
alter table patrol_checkins add column late_synced boolean not null default false;
alter table patrol_checkins add column received_at timestamptz;
alter table task_evidence add column late_synced boolean not null default false;
alter table task_evidence add column received_at timestamptz;
