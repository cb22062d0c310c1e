import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { grantRuntimeRole } from '../../src/db/roles.ts';
import { appendAudit } from '../../src/core/audit/audit.repository.ts';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/db.ts';

// On PostgreSQL the application runs as a runtime role that cannot rewrite the
// audit trail (issue 10 §3); the owner (MIGRATION_DATABASE_URL) migrates and grants.
describe.skipIf(testDialect !== 'postgres')('the runtime role on PostgreSQL', () => {
  const role = `kw_rt_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let owner: TestDatabase;
  let runtime: Database;

  beforeAll(async () => {
    owner = await createTestDatabase();
    await sql`create role ${sql.id(role)} login password ${sql.lit(password)}`.execute(owner.db);
    await grantRuntimeRole(owner.db, role);
    const url = new URL((owner.config as { url: string }).url);
    url.username = role;
    url.password = password;
    runtime = openDatabase({ kind: 'postgres', url: url.toString() });
    await appendAudit(owner.db, { actor: null, ip: null, action: 'test.by-owner' });
  });

  afterAll(async () => {
    await runtime?.close();
    await sql`drop owned by ${sql.id(role)}`.execute(owner.db);
    await owner.drop();
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`drop role if exists ${role}`);
    await c.end();
  });

  it('appends audit entries and reads them', async () => {
    await appendAudit(runtime.db, { actor: null, ip: null, action: 'test.by-runtime' });
    const rows = await runtime.db.selectFrom('audit_log').select(['action', 'seq']).orderBy('seq').execute();
    expect(rows.map((r) => r.action)).toEqual(['test.by-owner', 'test.by-runtime']);
  });

  it('still does the ordinary work of the application (read and write other tables)', async () => {
    await runtime.db.insertInto('rate_limits').values({ key: 'k', window_start: new Date().toISOString(), count: 1 }).execute();
    await runtime.db.updateTable('rate_limits').set({ count: 2 }).where('key', '=', 'k').execute();
    await runtime.db.deleteFrom('rate_limits').where('key', '=', 'k').execute();
  });

  for (const [what, statement] of [
    ['UPDATE', sql`update audit_log set action = 'x'`],
    ['DELETE', sql`delete from audit_log`],
    ['TRUNCATE', sql`truncate audit_log`],
    ['ALTER TABLE … DISABLE TRIGGER', sql`alter table audit_log disable trigger all`],
    ['DROP TRIGGER', sql`drop trigger audit_log_append_only on audit_log`],
    ['UPDATE of a checkpoint', sql`update audit_checkpoints set hash = 'x'`],
    ['DELETE of checkpoints', sql`delete from audit_checkpoints`],
    ['TRUNCATE of checkpoints', sql`truncate audit_checkpoints`],
  ] as const) {
    it(`is refused ${what} on the audit trail`, async () => {
      await expect(statement.execute(runtime.db)).rejects.toThrow(/permission denied|must be owner/);
    });
  }
});
