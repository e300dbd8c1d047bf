-- Accounts that hold (issue 19 defects 4, 5, 10): a forced password change for initial / demo passwords, an
-- optional TOTP second factor (secret encrypted with the field key), and an index to sweep expired sessions.
alter table users
  add column must_change_password boolean not null default false,
  add column password_changed_at  timestamptz,
  add column totp_secret_enc      text,
  add column totp_enabled         boolean not null default false,
  add column totp_last_step       bigint;

create index sessions_expires_at on sessions (expires_at);
create index sessions_user_id on sessions (user_id);
