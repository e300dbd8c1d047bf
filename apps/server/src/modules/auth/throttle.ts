// Login throttling (issue 19 defect 4). In memory, per server process; every attempt is counted before the slow
// password check (so parallel guesses cannot slip through) and uncounted again when it succeeds.
//
// - per (account, address): 5 free failures, then each further attempt must wait 2^(n-5) seconds after the last
//   failure (capped at 15 minutes). Only this pair is held back: the owner elsewhere is not.
// - per address: 30 attempts a minute over all accounts (one address guessing many accounts).
// - per account, over all addresses: beyond 10 failures in 15 minutes every attempt on the account is slowed by a
//   delay that doubles every 5 further failures (capped at 4 s) - a slowdown, never a lock, so a distributed guess
//   cannot lock the owner out, from a fresh address included.
// - a burst (20 failures on one account in 15 minutes) is reported once, for the admins to be alerted.

export const PAIR_FREE = 5;
export const PAIR_BASE_MS = 1000;
export const PAIR_MAX_MS = 15 * 60_000;
export const IP_PER_MINUTE = 30;
export const ACCOUNT_WINDOW_MS = 15 * 60_000;
export const ACCOUNT_SLOW_AFTER = 10;
export const ACCOUNT_MAX_DELAY_MS = 4000;
export const BURST = 20;
const PAIR_FORGET_MS = 24 * 3600_000;

export type Decision =
  | { ok: true; delayMs: number; token: Reservation }
  | { ok: false; reason: 'account_address' | 'address'; retryAfterS: number };

export interface Reservation {
  name: string;
  ip: string;
  at: number;
}

interface Pair {
  failures: number;
  last: number;
}

export class LoginThrottle {
  private pairs = new Map<string, Pair>();
  private ips = new Map<string, number[]>();
  private accounts = new Map<string, number[]>();
  /** Waits before the password check on a slowed account; tests replace it. */
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms));

  /** Backoff after n failures of one pair. */
  static pairDelay(failures: number): number {
    if (failures < PAIR_FREE) return 0;
    return Math.min(PAIR_BASE_MS * 2 ** (failures - PAIR_FREE), PAIR_MAX_MS);
  }

  /** The slowdown of every attempt on an account with n recent failures. */
  static accountDelay(failures: number): number {
    if (failures < ACCOUNT_SLOW_AFTER) return 0;
    return Math.min(250 * 2 ** Math.floor((failures - ACCOUNT_SLOW_AFTER) / 5), ACCOUNT_MAX_DELAY_MS);
  }

  private window(map: Map<string, number[]>, key: string, now: number, span: number): number[] {
    const list = (map.get(key) ?? []).filter((t) => now - t < span);
    if (list.length) map.set(key, list);
    else map.delete(key);
    return list;
  }

  private sweep(now: number): void {
    if (this.pairs.size + this.ips.size + this.accounts.size < 50_000) return;
    for (const [k, p] of this.pairs) if (now - p.last > PAIR_FORGET_MS) this.pairs.delete(k);
    for (const k of [...this.ips.keys()]) this.window(this.ips, k, now, 60_000);
    for (const k of [...this.accounts.keys()]) this.window(this.accounts, k, now, ACCOUNT_WINDOW_MS);
  }

  /** Recent failed or refused attempts on the account (all addresses). */
  accountFailures(name: string, now: number): number {
    return this.window(this.accounts, name, now, ACCOUNT_WINDOW_MS).length;
  }

  /** Decide on an attempt and, if it may go ahead, count it (as a failure until `succeeded`). */
  attempt(name: string, ip: string, now: number): Decision {
    this.sweep(now);
    const pairKey = `${name}|${ip}`;
    const pair = this.pairs.get(pairKey);
    if (pair && now - pair.last > PAIR_FORGET_MS) this.pairs.delete(pairKey);
    const p = this.pairs.get(pairKey);
    const wait = p ? p.last + LoginThrottle.pairDelay(p.failures) - now : 0;
    const ipList = this.window(this.ips, ip, now, 60_000);
    const account = this.window(this.accounts, name, now, ACCOUNT_WINDOW_MS);
    if (wait > 0 || ipList.length >= IP_PER_MINUTE) {
      account.push(now); // a refused attempt still heats the account (and counts towards the burst alert)
      this.accounts.set(name, account);
      if (wait > 0) return { ok: false, reason: 'account_address', retryAfterS: Math.ceil(wait / 1000) };
      return { ok: false, reason: 'address', retryAfterS: Math.max(1, Math.ceil((ipList[0]! + 60_000 - now) / 1000)) };
    }
    const delayMs = LoginThrottle.accountDelay(account.length);
    this.pairs.set(pairKey, { failures: (p?.failures ?? 0) + 1, last: now });
    ipList.push(now);
    this.ips.set(ip, ipList);
    account.push(now);
    this.accounts.set(name, account);
    return { ok: true, delayMs, token: { name, ip, at: now } };
  }

  /** The attempt was right: forget the pair's failures and uncount it. */
  succeeded(r: Reservation): void {
    this.pairs.delete(`${r.name}|${r.ip}`);
    for (const [map, key] of [
      [this.ips, r.ip],
      [this.accounts, r.name],
    ] as const) {
      const list = map.get(key);
      const i = list?.lastIndexOf(r.at) ?? -1;
      if (list && i >= 0) list.splice(i, 1);
    }
  }

  private alerted = new Map<string, number>();
  /** True once per window when the account's failed and refused attempts reach the burst threshold. */
  shouldAlert(name: string, now: number): boolean {
    if (this.accountFailures(name, now) < BURST) return false;
    const last = this.alerted.get(name);
    if (last !== undefined && now - last < ACCOUNT_WINDOW_MS) return false;
    this.alerted.set(name, now);
    return true;
  }
}

const throttles = new WeakMap<object, LoginThrottle>();
/** One throttle per service context (per server; tests get a fresh one per app). */
export function loginThrottle(ctx: object): LoginThrottle {
  let t = throttles.get(ctx);
  if (!t) throttles.set(ctx, (t = new LoginThrottle()));
  return t;
}
