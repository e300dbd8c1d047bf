-- Proof that holds (issue 13 part 4): check-ins and task evidence are checked against the unit's own track, and
-- photos carry the server's receipt time with the image's EXIF time and place beside it, a gallery mark and a
-- watermark on the stored copy.

-- the accuracy a device reported with a position (m), when it sent one
alter table unit_positions add column accuracy_m real;

-- verified: counted as a visit; unverified: stored and flagged, never counted (no recent track, or far under the
-- 'flag' policy). Check-ins stored before this migration keep counting.
alter table patrol_checkins add column proof text not null default 'verified' check (proof in ('verified','unverified'));
alter table patrol_checkins add column proof_reason text;
alter table patrol_checkins add column distance_m double precision;
alter table patrol_checkins add column accuracy_m real;

alter table patrol_photos add column received_at timestamptz;
alter table patrol_photos add column exif_taken_at timestamptz;
alter table patrol_photos add column exif_lon double precision;
alter table patrol_photos add column exif_lat double precision;
alter table patrol_photos add column client_taken_at timestamptz;
alter table patrol_photos add column gallery boolean not null default false;
alter table patrol_photos add column gallery_reason text;
alter table patrol_photos add column watermarked boolean not null default false;

-- task_photos.taken_at is from now on the server's receipt time (it was the browser's claim)
alter table task_photos add column exif_taken_at timestamptz;
alter table task_photos add column exif_lon double precision;
alter table task_photos add column exif_lat double precision;
alter table task_photos add column client_taken_at timestamptz;
alter table task_photos add column gallery boolean not null default false;
alter table task_photos add column gallery_reason text;
alter table task_photos add column watermarked boolean not null default false;

alter table task_evidence add column proof text check (proof in ('verified','unverified'));
alter table task_evidence add column proof_reason text;
alter table task_evidence add column distance_m double precision;
