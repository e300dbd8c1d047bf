// Applies the SQL files in ./migrations in name order, each in its own transaction, once.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from './client';

const DIR = path.join(import.meta.dirname, 'migrations');

export function migrationFiles(): string[] {
  return fs.readdirSync(DIR).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
}

export async function migrate(db: Db): Promise<string[]> {
  await sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(db);
  const done = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
  const applied: string[] = [];
  for (const file of migrationFiles()) {
    if (done.has(file)) continue;
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    await db.transaction().execute(async (tx) => {
      await sql.raw(text).execute(tx);
      await tx.insertInto('schema_migrations').values({ name: file }).execute();
    });
    applied.push(file);
  }
  return applied;
}
