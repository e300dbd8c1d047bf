// The guardrails of eslint.config.mjs really fail on the violations they exist for (issue 11): each case lints a
// small text as if it were a file at the given path, and the boundary rules must (or must not) report it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function problems(file, code) {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return r.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const cases = [
  ['core imports nothing of ours', 'packages/core/src/geo/x.ts', "import { ErrorBodyS } from '@jingwang/contracts';\nexport const a = ErrorBodyS;\n", /imports nothing of ours/],
  ['contracts import nothing but TypeBox', 'packages/contracts/src/x.ts', "import { sql } from 'kysely';\nexport const a = sql;\n", /nothing but TypeBox/],
  ['the web never imports the server', 'apps/web/src/features/x/y.ts', "import { buildApp } from '../../../../server/src/app';\nexport const a = buildApp;\n", /never imports the server/],
  ['the map folder imports no feature', 'apps/web/src/map/x.ts', "import { a } from '../features/forecast/helpers';\nexport const b = a;\n", /imports no feature/],
  ['no SQL in a service', 'apps/server/src/modules/x/service.ts', "export const f = (db: any) => db.selectFrom('incidents').selectAll().execute();\n", /SQL lives in repo files/],
  ['no sql template in a service', 'apps/server/src/modules/x/service.ts', "import { sql } from 'kysely';\nexport const f = sql`select 1`;\n", /SQL lives in repo files/],
  ["no other module's repo", 'apps/server/src/modules/x/service.ts', "import { loadIncident } from '../incidents/repo';\nexport const f = loadIncident;\n", /only through that module's service/],
  ["no other module's repo folder", 'apps/server/src/modules/x/service.ts', "import { f } from '../tasks/repo/instances';\nexport const g = f;\n", /only through that module's service/],
  ['no repo outside modules either', 'apps/server/src/jobs/x.ts', "import { f } from '../modules/tasks/repo';\nexport const g = f;\n", /only through that module's service/],
  ['a repo calls no service', 'apps/server/src/modules/x/repo.ts', "import { f } from './service';\nexport const g = f;\n", /does not call services/],
];

for (const [name, file, code, expected] of cases) {
  test(`lint refuses: ${name}`, async () => {
    const msgs = await problems(file, code);
    assert.ok(msgs.some((m) => expected.test(m)), `expected ${expected} for ${file}, got ${JSON.stringify(msgs)}`);
  });
}

const allowed = [
  ['contracts may import TypeBox and each other', 'packages/contracts/src/x.ts', "import { Type } from '@sinclair/typebox';\nimport { Id } from './api';\nexport const a = Type.Object({ id: Id });\n"],
  ['SQL in a repo', 'apps/server/src/modules/x/repo.ts', "import { sql } from 'kysely';\nexport const f = (db: any) => db.selectFrom('incidents').where(sql`true`).execute();\n"],
  ['SQL in a repo folder', 'apps/server/src/modules/x/repo/y.ts', "export const f = (db: any) => db.updateTable('incidents').execute();\n"],
  ["a module's own repo and another's service", 'apps/server/src/modules/x/service.ts', "import { f } from './repo';\nimport { g } from '../incidents/service';\nexport const h = [f, g];\n"],
  ['the db layer', 'apps/server/src/db/x.ts', "import { sql } from 'kysely';\nexport const f = sql`select 1`;\n"],
];
for (const [name, file, code] of allowed) {
  test(`lint allows: ${name}`, async () => {
    assert.deepEqual(await problems(file, code), []);
  });
}
