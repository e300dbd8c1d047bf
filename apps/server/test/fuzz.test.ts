// A schema-driven fuzzer over every operation of the OpenAPI document (issue 19, permanent tests): for each operation,
// a request built from its schema, then the same request with one part at a time replaced by a hostile value (wrong
// types, huge strings, NUL and lone surrogates, NaN and infinities, far-away coordinates, impossible dates, huge and
// negative numbers). Whatever the answer, it is never a 5xx; and a refused request (4xx) writes nothing: the row
// count and the version sum of every table are the same before and after it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildWorld, createTestEnv, login, type Agent, type TestEnv } from './helpers';

let env: TestEnv;
let admin: Agent;

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema | Schema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  nullable?: boolean;
}
interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
  required?: boolean;
}
interface Operation {
  method: string;
  path: string;
  params: Param[];
  body: Schema | null;
  contentType: string | null;
}

// paths that end the session or are not JSON operations; they are probed by their own tests
const SKIP = [/\/api\/auth\/logout$/, /\/api\/ws$/, /\/api\/auth\/password/, /\/api\/auth\/totp/, /\/api\/users\/\{[^}]+\}\/password/];
// tables a refused request may legitimately touch: the audit trail (every attempt is audited), sessions and login throttling
const WRITE_OK = new Set(['audit_log', 'sessions', 'login_attempts', 'login_throttle', 'notifications', 'app_meta']);

/** A value that satisfies the schema as far as a generator without knowledge of the domain can. */
function sample(s: Schema | undefined, name = ''): unknown {
  if (!s) return 'x';
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], name);
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((a) => sample(a, name) as object));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const k of s.required ?? []) o[k] = sample(s.properties?.[k], k);
      return o;
    }
    case 'array': {
      const it = Array.isArray(s.items) ? s.items : s.items ? Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => s.items as Schema) : [];
      return it.map((x, i) => sample(x, `${name}${i}`));
    }
    case 'integer':
    case 'number': {
      if (/lon/i.test(name)) return 120.01;
      if (/lat/i.test(name)) return 32.01;
      if (/version/i.test(name)) return 1;
      return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
    }
    case 'boolean':
      return true;
    case 'string': {
      if (s.format === 'date-time') return '2026-06-15T02:00:00.000Z';
      if (s.format === 'date' || /^\^\\d\{4\}-\\d\{2\}-\\d\{2\}\$$/.test(s.pattern ?? '')) return '2026-06-15';
      if (s.pattern === '^\\d{4}-\\d{2}$' || /period|month/i.test(name)) return '2026-06';
      const n = Math.max(1, s.minLength ?? 1);
      return 'x'.repeat(Math.min(n, s.maxLength ?? n));
    }
    default:
      return 'x';
  }
}

// hostile values for JSON bodies and for query or path strings
const BODY_BAD: unknown[] = [
  null,
  {},
  [],
  'a\u0000b',
  '\ud800',
  'x'.repeat(200_000),
  -1,
  2 ** 53 + 2,
  1e308,
  '0000-01',
  '2026-02-30T25:61:00Z',
];
const COORD_BAD: unknown[] = [1e9, -181, 181, 91, -91];
const STRING_BAD = ['%00', 'a%00b', '%ED%A0%80', 'NaN', '-1', '0000-01', '2026-13-45', '9'.repeat(400), 'x'.repeat(5000), "'%20or%201=1--"];

function operations(doc: { paths: Record<string, Record<string, { parameters?: Param[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    if (SKIP.some((r) => r.test(path))) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const ct = Object.keys(content)[0] ?? null;
      out.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: ct ? (content[ct]!.schema ?? {}) : null, contentType: ct });
    }
  }
  return out;
}

function url(op: Operation, path: Record<string, string>, query: Record<string, string>): string {
  let u = op.path.replace(/\{([^}]+)\}/g, (_m, k: string) => path[k] ?? '1');
  const q = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${v}`);
  if (q.length) u += `?${q.join('&')}`;
  return u;
}

const enc = (v: unknown) => encodeURIComponent(String(v));

/** Every request of one operation: the sampled one, then one hostile part at a time. */
function requests(op: Operation): { label: string; url: string; body?: string }[] {
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of op.params) {
    if (p.in === 'path') path[p.name] = enc(sample(p.schema, p.name));
    else if (p.in === 'query' && p.required) query[p.name] = enc(sample(p.schema, p.name));
  }
  const body = op.body ? (sample(op.body) as Record<string, unknown>) : undefined;
  const json = (b: unknown) => (op.contentType === 'application/json' || op.contentType === null ? JSON.stringify(b) : String(b));
  const out: { label: string; url: string; body?: string }[] = [{ label: 'sampled', url: url(op, path, query), ...(body !== undefined ? { body: json(body) } : {}) }];
  for (const p of op.params) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    for (const bad of STRING_BAD) {
      const pp = p.in === 'path' ? { ...path, [p.name]: bad } : path;
      const qq = p.in === 'query' ? { ...query, [p.name]: bad } : query;
      out.push({ label: `${p.in} ${p.name}=${bad.slice(0, 20)}`, url: url(op, pp, qq), ...(body !== undefined ? { body: json(body) } : {}) });
    }
  }
  if (op.body && (op.contentType === 'application/json' || op.contentType === null)) {
    out.push({ label: 'body not JSON', url: url(op, path, query), body: '{"a":' });
    out.push({ label: 'body an array', url: url(op, path, query), body: '[1,2]' });
    const props = Object.keys(op.body.properties ?? {});
    for (const k of props) {
      const values = [...BODY_BAD, ...(/^(lon|lat|longitude|latitude)$/i.test(k) ? COORD_BAD : [])];
      for (const bad of values) out.push({ label: `body /${k}=${JSON.stringify(bad)?.slice(0, 20)}`, url: url(op, path, query), body: JSON.stringify({ ...body, [k]: bad }) });
      // one level down: the first item of an array of objects, or a nested object
      const v = body?.[k];
      const inner = Array.isArray(v) && v[0] && typeof v[0] === 'object' ? (v[0] as Record<string, unknown>) : v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      if (inner) {
        for (const kk of Object.keys(inner)) {
          for (const bad of ['a\u0000b', 'x'.repeat(100_000), 1e308, null, ...(/^(lon|lat)$/i.test(kk) ? COORD_BAD : [])]) {
            const nested = Array.isArray(v) ? [{ ...inner, [kk]: bad }, ...v.slice(1)] : { ...inner, [kk]: bad };
            out.push({ label: `body /${k}/${kk}=${JSON.stringify(bad)?.slice(0, 20)}`, url: url(op, path, query), body: JSON.stringify({ ...body, [k]: nested }) });
          }
        }
      }
    }
  }
  return out;
}

/**
 * Writes are logged by triggers made for this test on every table but those a refused request may touch: a row
 * inserted, deleted, or updated to a different value adds a line naming its table, in the writer's transaction, so a
 * write rolled back leaves none. (It replaced a fingerprint of every table's row count and version sum, read before
 * and after each request: 70 % of this test's time, and blind to an update that leaves the count and version.)
 */
async function watchWrites(): Promise<void> {
  const db = env.ctx.db;
  const tables = await sql<{ t: string }>`
    select table_name t from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('spatial_ref_sys') order by 1`.execute(db);
  await sql`create table fuzz_writes (id bigserial primary key, t text not null)`.execute(db);
  await sql.raw(`create function fuzz_write() returns trigger language plpgsql as $$ begin insert into fuzz_writes (t) values (tg_table_name); return null; end $$`).execute(db);
  for (const { t } of tables.rows.filter((r) => !WRITE_OK.has(r.t))) {
    await sql.raw(`create trigger fuzz_write_row after insert or delete on "${t}" for each row execute function fuzz_write()`).execute(db);
    // compared as text: json columns have no equality operator
    await sql.raw(`create trigger fuzz_write_change after update on "${t}" for each row when (old::text is distinct from new::text) execute function fuzz_write()`).execute(db);
  }
}

/** The last logged write. */
async function mark(): Promise<number> {
  const r = await sql<{ n: number }>`select coalesce(max(id), 0)::int n from fuzz_writes`.execute(env.ctx.db);
  return r.rows[0]!.n;
}

/** The tables written since a mark. */
async function writtenSince(m: number): Promise<string[]> {
  const r = await sql<{ t: string }>`select distinct t from fuzz_writes where id > ${m} order by 1`.execute(env.ctx.db);
  return r.rows.map((x) => x.t);
}

before(async () => {
  env = await createTestEnv();
  await buildWorld(env);
  admin = await login(env.app, 'admin');
  await watchWrites();
});
after(async () => env?.close());

describe('schema-driven fuzzer over every operation', () => {
  test('no 5xx and no partial write on any hostile input', async (t) => {
    const doc = (env.app as unknown as { swagger(): Parameters<typeof operations>[0] }).swagger();
    const ops = operations(doc);
    assert.ok(ops.length > 80, `the OpenAPI document lists ${ops.length} operations`);
    const failures: string[] = [];
    let sent = 0;
    const statuses: Record<number, number> = {};
    for (const op of ops) {
      for (const r of requests(op)) {
        const before = op.method === 'GET' ? null : await mark();
        const res = await env.app.inject({
          method: op.method as 'GET',
          url: r.url,
          headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, ...(r.body !== undefined ? { 'content-type': op.contentType ?? 'application/json' } : {}) },
          ...(r.body !== undefined ? { payload: r.body } : {}),
        });
        sent++;
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 500) failures.push(`${op.method} ${op.path} [${r.label}] -> ${res.statusCode} ${res.body.slice(0, 160)}`);
        else if (before !== null && res.statusCode >= 400) {
          const changed = await writtenSince(before);
          if (changed.length) failures.push(`${op.method} ${op.path} [${r.label}] -> ${res.statusCode} but wrote ${changed.join(', ')}`);
        }
        if (res.statusCode >= 400 && res.statusCode < 500) {
          const b = res.json() as { code?: unknown; message?: unknown };
          if (typeof b.code !== 'string' || typeof b.message !== 'string') failures.push(`${op.method} ${op.path} [${r.label}] -> ${res.statusCode} without { code, message }: ${res.body.slice(0, 120)}`);
        }
      }
    }
    t.diagnostic(`${ops.length} operations, ${sent} requests; answers: ${JSON.stringify(statuses)}`);
    assert.ok(sent > 1000, `sent ${sent} requests`);
    assert.deepEqual(failures, [], `${failures.length} of ${sent} requests failed:\n${failures.slice(0, 60).join('\n')}`);
  });
});
