// Registry bench: `npm run bench:registry -- [--addresses 100000] [--persons 100000] [--runs 200] [--out FILE.json]`
//
// On the embedded database (PGlite + PostGIS), in the drawn test county: `addresses` standard addresses (streets x
// door numbers x buildings x units x rooms, placed by the database as the import does) and `persons` residents
// (names, ID numbers and phones encrypted with blind indexes, one residency each). Timing of the service calls (scope,
// query, ranking; no HTTP, whose session would idle out during the bulk seed) after warm-ups, one call after another:
// address search as one types (a part, pinyin initials, a typo) and person lookup by ID number, phone and name;
// p50 / p95 / max per kind. Goals (issue 15): search p95 < 100 ms, lookup p95 < 200 ms.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { addressInitials, addressLabel, completeIdNumber, normalizeAddress } from '@jingwang/core';
import { maskName, maskPhone } from '@jingwang/contracts';
import { buildWorld, createTestEnv } from '../test/helpers';
import type { Actor } from '../src/modules/auth/policy';
import { lookupResidents, searchAddresses } from '../src/modules/registry/service';
import { insertAddressesPlaced, type NewAddress } from '../src/modules/registry/repo/addresses';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const ROOT = path.resolve(import.meta.dirname, '../../..');
const N_ADDR = Number(arg('addresses', '100000'));
const N_PERS = Number(arg('persons', '100000'));
const RUNS = Number(arg('runs', '200'));
const out = path.resolve(ROOT, arg('out', 'apps/server/bench/results/registry.json'));
const pct = (xs: number[], p: number) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

const STEMS = ['长安', '人民', '解放', '建设', '和平', '幸福', '友谊', '迎宾', '黄河', '扬子', '春江', '春晖', '中天', '花园', '文化', '鼓楼', '东方', '光明', '新华', '胜利', '青年', '朝阳', '红旗', '团结', '滨江', '望江', '新民', '育才', '学府', '振兴'];
const KINDS = ['路', '街', '巷', '大道'];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂';

async function main() {
  const t0 = performance.now();
  const env = await createTestEnv();
  const world = await buildWorld(env);
  const db = env.ctx.db;
  // the service calls as a station lead (scope applies) and the admin: no HTTP (a session would idle out during the
  // bulk seed), so the figures are the server's own time (scope, queries, ranking, decryption-free masking)
  const lead: Actor = { kind: 'user', userId: world.user.lead1!, username: 'lead1', displayName: 'lead1', role: 'station_lead', scopeAreaId: world.area.S1! };
  const admin: Actor = { kind: 'user', userId: world.user.admin!, username: 'admin', displayName: 'admin', role: 'admin', scopeAreaId: null };
  // ---- addresses
  const streets = STEMS.flatMap((s) => KINDS.map((k) => s + k));
  const rows: NewAddress[] = [];
  for (let i = 0; rows.length < N_ADDR; i++) {
    const street = streets[i % streets.length]!;
    const doorNo = String(1 + Math.floor(i / streets.length) % 300);
    const building = String(1 + Math.floor(i / (streets.length * 300)) % 20);
    const unitNo = String(1 + Math.floor(i / (streets.length * 300 * 20)) % 6);
    const room = String(101 + Math.floor(i / (streets.length * 300 * 20 * 6)));
    const parts = { county: '测试县', street, doorNo, building, unitNo, room };
    const label = addressLabel(parts);
    rows.push({ province: null, city: null, county: '测试县', town: null, community: null, street, door_no: doorNo, building, unit_no: unitNo, room, label, norm: normalizeAddress(label), initials: addressInitials(parts), lon: 120.0005 + rnd() * 0.039, lat: 32.0005 + rnd() * 0.019, source: 'bench' });
  }
  const tA = performance.now();
  for (let i = 0; i < rows.length; i += 10_000) await db.transaction().execute((tx) => insertAddressesPlaced(tx, rows.slice(i, i + 10_000)));
  const seedAddressesS = (performance.now() - tA) / 1000;
  console.log(`${rows.length} addresses in ${r1(seedAddressesS)} s`);
  // ---- persons: one house per address for the first N_PERS addresses, one resident each
  const tP = performance.now();
  const c = env.ctx.cipher;
  const people: { id: string; phone: string; name: string }[] = [];
  await sql`insert into houses (address_id, use) select id, 'residential' from addresses order by id limit ${N_PERS}`.execute(db);
  for (let i = 0; i < N_PERS; i += 5000) {
    const chunk = [];
    for (let j = i; j < Math.min(N_PERS, i + 5000); j++) {
      const birth = `${1940 + (j % 70)}${String(1 + (j % 12)).padStart(2, '0')}${String(1 + (j % 28)).padStart(2, '0')}`;
      const id = completeIdNumber(`321204${birth}${String(j % 1000).padStart(3, '0')}`);
      const phone = `139${String(10_000_000 + j).padStart(8, '0')}`;
      const name = pick([...SURNAMES]) + pick([...GIVEN]) + (rnd() < 0.5 ? pick([...GIVEN]) : '');
      people.push({ id, phone, name });
      chunk.push({ name_enc: c.encrypt(name)!, name_masked: maskName(name)!, name_hash: c.blindIndex(name)!, id_no_enc: c.encrypt(id)!, id_no_masked: id.slice(0, 6) + '********' + id.slice(-4), id_no_hash: c.blindIndex(id)!, phone_enc: c.encrypt(phone), phone_masked: maskPhone(phone), phone_hash: c.blindIndex(phone) });
    }
    await db.insertInto('persons').values(chunk).onConflict((oc) => oc.doNothing()).execute();
  }
  await sql`insert into residencies (person_id, house_id, relation) select p.id, h.id, 'living' from (select id, row_number() over (order by id) n from persons) p join (select id, row_number() over (order by id) n from houses) h on h.n = p.n`.execute(db);
  await sql`analyze`.execute(db);
  const seedPersonsS = (performance.now() - tP) / 1000;
  console.log(`${N_PERS} persons in ${r1(seedPersonsS)} s`);

  // ---- timing
  const time = async (calls: (() => Promise<unknown>)[]) => {
    for (const c of calls.slice(0, 5)) await c();
    const ms: number[] = [];
    for (const c of calls) {
      const s = performance.now();
      await c();
      ms.push(performance.now() - s);
    }
    return { runs: ms.length, p50: r1(pct(ms, 50)), p95: r1(pct(ms, 95)), max: r1(Math.max(...ms)) };
  };
  const q = (s: string, who: Actor = lead) => () => searchAddresses(env.ctx, who, s, 10);
  const sample = Array.from({ length: RUNS }, () => pick(rows));
  const typing = sample.map((a) => q(`${a.street}${a.door_no}号`.slice(0, 2 + Math.floor(rnd() * 5))));
  const initials = sample.map((a) => q(a.initials.slice(4, 4 + 3 + Math.floor(rnd() * 4))));
  const typo = sample.map((a) => {
    const cs = [...`${a.street}${a.door_no}号${a.building}栋`];
    cs[1] = '枼';
    return q(cs.join(''));
  });
  const who = Array.from({ length: RUNS }, () => pick(people));
  const results = {
    addressSearchPart: await time(typing),
    addressSearchInitials: await time(initials),
    addressSearchTypo: await time(typo),
    addressSearchAdmin: await time(sample.map((a) => q(`${a.street}${a.door_no}号`.slice(0, 4), admin))),
    lookupByIdNumber: await time(who.map((p) => () => lookupResidents(env.ctx, lead, { idNumber: p.id }))),
    lookupByPhone: await time(who.map((p) => () => lookupResidents(env.ctx, lead, { phone: p.phone }))),
    lookupByName: await time(who.map((p) => () => lookupResidents(env.ctx, lead, { name: p.name }))),
  };
  const report = {
    database: 'PGlite (embedded) + PostGIS',
    loadAverage: (await import('node:os')).loadavg().map(r1),
    addresses: rows.length,
    persons: N_PERS,
    seedAddressesS: r1(seedAddressesS),
    seedPersonsS: r1(seedPersonsS),
    goals: { addressSearchP95Ms: 100, personLookupP95Ms: 200 },
    results,
    node: process.version,
    at: new Date().toISOString(),
    totalS: r1((performance.now() - t0) / 1000),
  };
  console.log(JSON.stringify(report, null, 2));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  await env.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
