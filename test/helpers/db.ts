import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../../src/db/database.ts';
import type { Database as DatabaseConfig } from '../../src/core/config.ts';

/** The dialect this run of the suite tests: PostgreSQL when DATABASE_URL says so, else SQLite. */
export const testDialect = process.env.DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite';

export interface TestDatabase extends Database {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or a
 * new database on the PostgreSQL server of DATABASE_URL (no mocks, STYLE.md §9).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDialect === 'postgres') {
    const base = new URL(process.env.DATABASE_URL!);
    const name = `kw_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base.toString());
    url.pathname = `/${name}`;
    const config: DatabaseConfig = { kind: 'postgres', url: url.toString() };
    const database = openDatabase(config);
    await migrate(database.db);
    return {
      ...database,
      config,
      async drop() {
        await database.close();
        const c = new pg.Client({ connectionString: base.toString() });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kw-test-'));
  const config: DatabaseConfig = { kind: 'sqlite', path: join(dir, 'test.db') };
  const database = openDatabase(config);
  await migrate(database.db);
  return {
    ...database,
    config,
    async drop() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The DATABASE_URL that points a server process at this database. */
export function databaseUrlOf(config: DatabaseConfig): string {
  return config.kind === 'sqlite' ? `sqlite:${config.path}` : config.url;
}
