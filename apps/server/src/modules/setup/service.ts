// The first run (issue 12 part 5). While no user account exists (and only then) the deployment is "not set up":
// GET /api/setup says so, and POST /api/setup creates the first administrator and names the county in one
// transaction; once any account exists both are closed for ever (409 INVALID_TRANSITION), whoever made it (this
// page, the CLI's `user add`, the demo seed). POST /api/setup/demo loads the demo county instead, while the
// database is empty.
//
// Not an open door on a deployed server: both writes need the one-time setup token that the server writes into
// app_meta and prints in its log at start while no account exists (`prepareSetup`); the token is consumed by the
// setup. The token, not the caller's address, because behind a reverse proxy every request comes from 127.0.0.1.
import crypto from 'node:crypto';
import type { SetupBody, SetupDone, SetupStatus } from '@jingwang/contracts';
import type { Ctx } from '../../context';
import { AppError } from '../../lib/errors';
import { SYSTEM_ACTOR } from '../auth/policy';
import { safeEqual } from '../auth/service';
import { hashPassword, passwordFieldErrors, passwordProblems } from '../auth/passwords';
import { SEED_STEPS, isPartlySeeded, isSeeded, seedDemo, seedInfo, type SeedStep } from '../demo/seed';
import * as repo from './repo';

interface DemoLoad {
  state: SetupStatus['demo']['state'];
  step: SeedStep | null;
  done: number;
}
/** The demo seed this node runs for the first-run page (one per context). */
const demoLoads = new WeakMap<Ctx, DemoLoad>();

/**
 * At start: while no account exists, the one-time setup token (made once and kept in app_meta, so every node and
 * every restart prints the same until it is used); null once an account exists (and any stale token goes).
 */
export async function prepareSetup(ctx: Ctx): Promise<string | null> {
  if (await repo.anyUser(ctx.db)) {
    await repo.deleteMeta(ctx.db, repo.TOKEN_KEY);
    return null;
  }
  // a demo load cut short by a restart: it may be asked for again (the next seed clears what this one left)
  await repo.deleteMeta(ctx.db, repo.DEMO_KEY);
  return repo.ensureToken(ctx.db, crypto.randomBytes(24).toString('base64url'));
}

export async function setupStatus(ctx: Ctx): Promise<SetupStatus> {
  const load = demoLoads.get(ctx);
  const county = (await repo.meta(ctx.db, repo.COUNTY_KEY)) as SetupStatus['county'] | undefined;
  return {
    // while this node loads the demo the page stays on its progress, even once the demo's users are in
    needed: !(await repo.anyUser(ctx.db)) || load?.state === 'seeding',
    county: county ?? null,
    demo: { state: load?.state ?? 'idle', step: load?.step ?? null, done: load?.done ?? 0, steps: SEED_STEPS.length },
  };
}

/**
 * The county this deployment serves (the header, the login page, the browser's title): as named at the first run;
 * else the demo's name (the demo county, loaded at a demo start or from the first-run page); else the name of the
 * live county area (areas imported by the CLI before any first run); null when there is none of them.
 */
export async function countyOf(ctx: Ctx): Promise<{ name: string; code: string } | null> {
  const named = (await repo.meta(ctx.db, repo.COUNTY_KEY)) as { name: string; code: string } | undefined;
  if (named) return { name: named.name, code: named.code };
  const county = ctx.areas
    .tree()
    .all()
    .find((n) => n.kind === 'county' && n.validTo === null);
  const demo = await seedInfo(ctx);
  if (demo) return { name: demo.name, code: county?.code ?? '' };
  return county ? { name: county.name, code: county.code } : null;
}

function closed(): AppError {
  return new AppError('INVALID_TRANSITION', 'This deployment is set up already: log in', { from: 'set_up', action: 'setup', allowed: [] });
}

async function checkToken(db: Parameters<typeof repo.meta>[0], token: string): Promise<void> {
  const stored = await repo.meta(db, repo.TOKEN_KEY);
  // no token: either it was never made (the server prints it at start) or a concurrent setup consumed it just now
  if (stored === undefined && (await repo.anyUser(db))) throw closed();
  if (typeof stored !== 'string' || !safeEqual(stored, token)) {
    throw new AppError('FORBIDDEN', 'The setup token is missing or wrong: use the address the server printed at start', [{ field: '/token', message: 'is not the setup token printed in the server log' }]);
  }
}

/** The first administrator and the county's name, once. */
export async function setUp(ctx: Ctx, body: SetupBody, ip: string | null): Promise<SetupDone> {
  if (await repo.anyUser(ctx.db)) throw closed();
  await checkToken(ctx.db, body.token);
  const username = body.username.trim().toLowerCase();
  if (!/^[a-z0-9_.-]{2,64}$/.test(username)) throw new AppError('VALIDATION_FAILED', 'Invalid user name', [{ field: '/username', message: 'must be 2-64 of a-z, 0-9, _ . -' }]);
  const displayName = body.displayName.trim();
  if (!displayName) throw new AppError('VALIDATION_FAILED', 'Invalid display name', [{ field: '/displayName', message: 'must not be blank' }]);
  const countyName = body.countyName.trim();
  if (!countyName) throw new AppError('VALIDATION_FAILED', 'Invalid county name', [{ field: '/countyName', message: 'must not be blank' }]);
  const problems = passwordProblems(body.password, { username, displayName, role: 'admin' });
  if (problems.length) throw new AppError('WEAK_PASSWORD', `The password ${problems.join('; ')}`, passwordFieldErrors('/password', problems));
  const passwordHash = await hashPassword(body.password);
  const county = { name: countyName, code: body.countyCode };
  await ctx.db.transaction().execute(async (tx) => {
    // under the lock, again: a concurrent call may have set up meanwhile (it consumed the token)
    await repo.lock(tx);
    if (await repo.anyUser(tx)) throw closed();
    if (await repo.meta(tx, repo.DEMO_KEY)) throw closed();
    await checkToken(tx, body.token);
    const id = await repo.insertAdmin(tx, { username, displayName, passwordHash });
    await repo.setMeta(tx, repo.COUNTY_KEY, county);
    await repo.deleteMeta(tx, repo.TOKEN_KEY);
    await repo.insertAudit(tx, { userId: id, username, action: 'setup.admin_created', resourceId: String(id), detail: { county }, ip });
  });
  return { username, county };
}

/**
 * The demo county into the empty database (the demo seed, in the background; progress in GET /api/setup). Its
 * accounts have the demo password, which outside demo mode must be changed at the first login.
 */
export async function loadDemo(ctx: Ctx, token: string, ip: string | null): Promise<SetupStatus> {
  if (await repo.anyUser(ctx.db)) throw closed();
  await checkToken(ctx.db, token);
  // only into an empty database (or one a demo load cut short left: the seed clears it): areas imported (CLI)
  // before any account would mix with the demo's
  if (((await repo.anyArea(ctx.db)) && !(await isPartlySeeded(ctx.db))) || (await isSeeded(ctx.db))) {
    throw new AppError('INVALID_TRANSITION', 'The demo county loads only into an empty database: areas are imported already', { from: 'has_data', action: 'load_demo', allowed: ['setup'] });
  }
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lock(tx);
    if ((await repo.anyUser(tx)) || (await repo.meta(tx, repo.DEMO_KEY))) throw closed();
    await checkToken(tx, token);
    await repo.setMeta(tx, repo.DEMO_KEY, { at: ctx.clock.now().toISOString() });
    await repo.insertAudit(tx, { userId: null, username: SYSTEM_ACTOR.username, action: 'setup.demo_requested', resourceId: null, detail: {}, ip });
  });
  const load: DemoLoad = { state: 'seeding', step: null, done: 0 };
  demoLoads.set(ctx, load);
  void seedDemo(ctx, {
    seed: ctx.config.demoSeed,
    endAt: ctx.clock.now().toISOString(),
    onProgress: (p) => {
      load.step = p.step;
      load.done = p.index;
    },
  }).then(
    async () => {
      await repo.deleteMeta(ctx.db, repo.TOKEN_KEY);
      load.state = 'done';
      load.step = null;
      load.done = SEED_STEPS.length;
    },
    async (e: unknown) => {
      console.error('the demo seed asked for at the first run failed:', e);
      load.state = 'failed';
      // a retry is possible (the next seed clears what this one left), with the same token
      await repo.deleteMeta(ctx.db, repo.DEMO_KEY).catch(() => {});
    },
  );
  return setupStatus(ctx);
}

/** While this node loads the demo, the rest of the API waits (503 DEMO_PREPARING), as at a demo first start. */
export function demoLoading(ctx: Ctx): boolean {
  return demoLoads.get(ctx)?.state === 'seeding';
}
