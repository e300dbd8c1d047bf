-- The incident lifecycle complete (issue 14, part 3): disposition codes at resolve, cancel reasons, transfer to a
-- neighbouring centre with its reference, the time a call stopped being worked, and a keyed hash of the caller's
-- phone so that history can be searched by phone without decrypting any row.

-- codes and reasons come from the catalogues of @jingwang/contracts (DISPOSITIONS, CANCEL_REASONS)
alter table incidents add column disposition text;
alter table incidents add column disposition_note text;
alter table incidents add column cancel_reason text;
alter table incidents add column transfer_centre text;
alter table incidents add column transfer_ref text;
-- when the call left the open statuses (resolved, cancelled, transferred): the elapsed time stops there
alter table incidents add column ended_at timestamptz;
-- HMAC-SHA256 of the phone's digits under a key derived from the field key (FieldCipher.blindIndex)
alter table incidents add column caller_phone_hash text;

update incidents set ended_at = coalesce(resolved_at, closed_at, updated_at)
 where status in ('resolved', 'closed', 'cancelled', 'transferred') and ended_at is null;

create index incidents_caller_phone_hash on incidents (caller_phone_hash) where caller_phone_hash is not null;
create index incidents_caller_phone_masked on incidents (caller_phone_masked) where caller_phone_masked is not null;
create index incidents_disposition on incidents (disposition, reported_at) where disposition is not null;
