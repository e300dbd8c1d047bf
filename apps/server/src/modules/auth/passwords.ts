// Password rules (issue 19 defect 5): a minimum length by role, and a strength estimate by zxcvbn-ts with the common
// passwords and keyboard patterns of @zxcvbn-ts/language-common, the user's own name and display name as dictionary
// words. Hashing is argon2id (OWASP's minimum parameters: 19 MiB, 2 passes).
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import type { FieldError, UserRole } from '@jingwang/contracts';

// Algorithm.Argon2id = 2 (the enum is an ambient const enum)
const ARGON = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(pw: string): Promise<string> {
  return hash(pw, ARGON);
}

export function verifyPassword(hashed: string, pw: string): Promise<boolean> {
  return verify(hashed, pw);
}

/** Roles that can change the organisation or see the whole bureau need longer passwords. */
const PRIVILEGED: readonly UserRole[] = ['admin', 'district_lead', 'station_lead'];
export const minPasswordLength = (role: UserRole | string): number => ((PRIVILEGED as readonly string[]).includes(role) ? 12 : 10);
/** zxcvbn's score 0..4: 3 = "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_SCORE = 3;

let zxcvbn: ZxcvbnFactory | null = null;

/**
 * Why the password is refused (empty = accepted). Never trims: leading and trailing spaces are part of a password.
 */
export function passwordProblems(password: string, user: { username: string; displayName?: string | null; role: UserRole | string }): string[] {
  const out: string[] = [];
  const min = minPasswordLength(user.role);
  if ([...password].length < min) out.push(`must have at least ${min} characters`);
  const lower = password.toLowerCase();
  const name = user.username.toLowerCase();
  if (name.length >= 2 && lower.includes(name)) out.push('must not contain the user name');
  const display = user.displayName?.trim().toLowerCase();
  if (display && display.length >= 2 && lower.includes(display)) out.push('must not contain the display name');
  if (out.length === 0) {
    zxcvbn ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
    const r = zxcvbn.check(password, [user.username, ...(user.displayName ? [user.displayName] : []), 'jingwang', '警网']);
    if (r.score < MIN_SCORE) out.push('is too easy to guess (a common password, a pattern or a repetition)');
  }
  return out;
}

export function passwordFieldErrors(field: string, problems: string[]): FieldError[] {
  return problems.map((message) => ({ field, message }));
}
