import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type KyselyPlugin, type SelectQueryNode, type TableNode } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrate } from '../../src/db/database.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, auditHead } from '../../src/core/audit/audit.repository.ts';
import { loadCheckpointKey, pruneAudit, recordVerification, verifyChain, writeCheckpoint } from '../../src/core/audit/verify.ts';
import { entryHash } from '../../src/core/audit/chain.ts';
import type { AuditConfig } from '../../src/core/config.ts';
import { runAuditCli } from '../../src/cli/audit.ts';
import { createTestDatabase, databaseUrlOf, testDialect, type TestDatabase } from '../helpers/db.ts';

// Tampering is done as the owner (superuser on PostgreSQL), around the application:
// that is what the chain and the checkpoints must reveal (issue 10 §3, NEN 7513).
const open: TestDatabase[] = [];
afterEach(async () => {
  while (open.length) await open.pop()!.drop();
});

function auditConfig(): AuditConfig {
  const dir = mkdtempSync(join(tmpdir(), 'kw-audit-'));
  return { checkpointKey: 'k'.repeat(40), checkpointKeyFile: join(dir, 'key'), checkpointFile: join(dir, 'checkpoints.jsonl'), retentionDays: undefined };
}

async function chainOf(n: number) {
  const database = await createTestDatabase();
  open.push(database);
  for (let i = 1; i <= n; i++) {
    await appendAudit(database.db, {
      actor: { userId: `u${i}`, email: `u${i}@test.example` },
      ip: '127.0.0.1',
      action: 'case.read',
      entityType: 'case',
      entityId: `c${i}`,
      details: { i },
    });
  }
  const cfg = auditConfig();
  const key = loadCheckpointKey(cfg);
  const verify = () => verifyChain(database.db, { key, checkpointFile: cfg.checkpointFile });
  return { database, db: database.db, cfg, key, verify };
}

async function triggersOff(t: TestDatabase) {
  if (t.dialect === 'postgres') await sql`alter table audit_log disable trigger user`.execute(t.db);
  else {
    await sql`drop trigger audit_log_no_update`.execute(t.db);
    await sql`drop trigger audit_log_no_delete`.execute(t.db);
  }
}

describe(`audit hash chain on ${testDialect}`, () => {
  it('an untouched chain verifies, each entry linked to the previous one (NEN 7513)', async () => {
    const { db, verify } = await chainOf(5);
    const r = await verify();
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, entries: 5, firstBroken: null });
    const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(await auditHead(db)).toEqual({ count: 5, hash: rows[4]!.hash });
  });

  it('concurrent appends make one linear chain', async () => {
    const { db, verify } = await chainOf(0);
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit(db, { actor: null, ip: null, action: 'test.concurrent', details: { i } })));
    const r = await verify();
    expect(r).toMatchObject({ ok: true, entries: 40 });
  });

  it('an entry appended after the scan read the end, before it read the head, is verified too, never reported as a cut end', async () => {
    const { db, key, cfg } = await chainOf(3);
    // The append lands exactly in the window: after the scan's last (empty) read of audit_log.
    const scans = new Set<unknown>();
    let appended = 0;
    const plugin: KyselyPlugin = {
      transformQuery(args) {
        const from = args.node.kind === 'SelectQueryNode' ? args.node.from?.froms[0] : undefined;
        if (from?.kind === 'TableNode' && (from as TableNode).table.identifier.name === 'audit_log' && (args.node as SelectQueryNode).limit) scans.add(args.queryId);
        return args.node;
      },
      async transformResult(args) {
        if (scans.has(args.queryId) && args.result.rows.length === 0 && appended < 2) {
          appended++;
          await appendAudit(db, { actor: null, ip: null, action: 'case.read', details: { during: appended } });
        }
        return args.result;
      },
    };
    const r = await verifyChain(db.withPlugin(plugin), { key, checkpointFile: cfg.checkpointFile });
    expect(appended).toBe(2);
    // PostgreSQL reads one snapshot: the two appends are after it, for the next verification.
    expect(r, r.problems.join('; ')).toMatchObject({ ok: true, firstBroken: null, entries: testDialect === 'postgres' ? 3 : 5 });
  });

  it('an entry with a lone surrogate (hostile input) is stored well-formed and verifies', async () => {
    const { db, verify } = await chainOf(0);
    await appendAudit(db, { actor: null, ip: null, action: 'auth.login-failed', subject: 'a\ud800b' });
    expect((await db.selectFrom('audit_log').select('subject').executeTakeFirstOrThrow()).subject).toBe('a\ufffdb');
    expect(await verify()).toMatchObject({ ok: true, entries: 1 });
  });

  it('the database still refuses update and delete of audit entries (append-only triggers kept)', async () => {
    const { db } = await chainOf(2);
    await expect(db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
    if (testDialect === 'postgres') await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('detects an altered row and names it', async () => {
    const t = await chainOf(5);
    await triggersOff(t.database);
    await t.db.updateTable('audit_log').set({ actor_email: 'someone-else@test.example' }).where('seq', '=', 3).execute();
    const r = await t.verify();
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: 3, reason: expect.stringMatching(/altered/) });
  });

  it('detects an altered row whose hash was recomputed (the next link breaks)', async () => {
    const t = await chainOf(5);
    await triggersOff(t.database);
    const row = await t.db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    const forged = { ...row, action: 'nothing.happened' };
    await t.db
      .updateTable('audit_log')
      .set({ action: forged.action, hash: entryHash(forged) })
      .where('seq', '=', 2)
      .execute();
    const r = await t.verify();
    expect(r.firstBroken).toMatchObject({ seq: 3, reason: expect.stringMatching(/link/) });
  });

  it('detects deleted rows in the middle', async () => {
    const t = await chainOf(6);
    await triggersOff(t.database);
    await t.db.deleteFrom('audit_log').where('seq', 'in', [3, 4]).execute();
    const r = await t.verify();
    expect(r.firstBroken).toMatchObject({ seq: 5, reason: expect.stringMatching(/3–4 .*missing/) });
  });

  it('detects deleted rows at the end, by the head and by the checkpoint', async () => {
    const t = await chainOf(6);
    await writeCheckpoint(t.db, t.cfg, t.key);
    await triggersOff(t.database);
    await t.db.deleteFrom('audit_log').where('seq', '>=', 5).execute();
    expect((await t.verify()).firstBroken).toMatchObject({ seq: 5, reason: expect.stringMatching(/checkpoint/) });
    // Also with the head and the database's checkpoints rewritten: the file still tells.
    await sql`update audit_head set seq = 4, hash = ${(await t.db.selectFrom('audit_log').select('hash').where('seq', '=', 4).executeTakeFirstOrThrow()).hash}`.execute(t.db);
    expect((await t.verify()).firstBroken).toMatchObject({ seq: 5, reason: expect.stringMatching(/checkpoint .* reached 6/) });
  });

  it('detects a forged row inserted around the application', async () => {
    const t = await chainOf(3);
    await t.db
      .insertInto('audit_log')
      .values({
        id: '00000000-0000-7000-8000-000000000001',
        at: new Date().toISOString(),
        actor_user_id: null,
        actor_email: null,
        actor_role: null,
        ip: null,
        action: 'forged',
        entity_type: null,
        entity_id: null,
        organisation_id: null,
        subject: null,
        details: null,
        seq: null,
        prev_hash: null,
        hash: null,
      })
      .execute();
    const r = await t.verify();
    expect(r.firstBroken).toMatchObject({ seq: null, id: '00000000-0000-7000-8000-000000000001', reason: expect.stringMatching(/outside the chain/) });
  });

  it('detects a forged row placed at the end of the chain with a made-up hash', async () => {
    const t = await chainOf(3);
    const head = await auditHead(t.db);
    await t.db
      .insertInto('audit_log')
      .values({
        id: '00000000-0000-7000-8000-000000000002',
        at: new Date().toISOString(),
        actor_user_id: null,
        actor_email: null,
        actor_role: null,
        ip: null,
        action: 'forged',
        entity_type: null,
        entity_id: null,
        organisation_id: null,
        subject: null,
        details: null,
        seq: 4,
        prev_hash: head.hash,
        hash: 'f'.repeat(64),
      })
      .execute();
    expect((await t.verify()).firstBroken).toMatchObject({ seq: 4, reason: expect.stringMatching(/altered/) });
  });

  it('detects a change made with the triggers dropped and recreated', async () => {
    const t = await chainOf(4);
    if (t.database.dialect === 'postgres') {
      await sql`drop trigger audit_log_append_only on audit_log`.execute(t.db);
      await t.db.updateTable('audit_log').set({ ip: '10.0.0.1' }).where('seq', '=', 1).execute();
      await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(t.db);
    } else {
      await triggersOff(t.database);
      await t.db.updateTable('audit_log').set({ ip: '10.0.0.1' }).where('seq', '=', 1).execute();
      await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(t.db);
    }
    expect((await t.verify()).firstBroken).toMatchObject({ seq: 1, reason: expect.stringMatching(/altered/) });
  });

  it('detects an emptied audit log (TRUNCATE on PostgreSQL) by the signed checkpoint file', async () => {
    const t = await chainOf(4);
    await writeCheckpoint(t.db, t.cfg, t.key);
    if (t.database.dialect === 'postgres') {
      await sql`alter table audit_log disable trigger user`.execute(t.db);
      await sql`alter table audit_checkpoints disable trigger user`.execute(t.db);
      await sql`truncate audit_log, audit_checkpoints`.execute(t.db);
    } else {
      await triggersOff(t.database);
      await sql`drop trigger audit_checkpoints_no_delete`.execute(t.db);
      await sql`delete from audit_log`.execute(t.db);
      await sql`delete from audit_checkpoints`.execute(t.db);
    }
    await sql`update audit_head set seq = 0, hash = ${'0'.repeat(64)}`.execute(t.db);
    const r = await t.verify();
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: 1, reason: expect.stringMatching(/reached 4, it ends at 0/) });
  });

  it('rejects a checkpoint that was altered', async () => {
    const t = await chainOf(2);
    await writeCheckpoint(t.db, t.cfg, t.key);
    const line = JSON.parse(readFileSync(t.cfg.checkpointFile, 'utf8').trim());
    writeFileSync(t.cfg.checkpointFile, `${JSON.stringify({ ...line, seq: 1 })}\n`);
    const r = await t.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(/signature invalid/);
  });

  it('prunes old entries by a signed cut; the rest still verifies from the cut, later entries cannot be deleted', async () => {
    const t = await chainOf(5);
    const later = new Date(Date.now() + 40 * 86_400_000);
    await appendAudit(t.db, { actor: null, ip: null, action: 'test.after' });
    // Entries 1–6 are all "older than 30 days" 40 days from now.
    const r = await pruneAudit(t.db, t.cfg, t.key, 30, later);
    expect(r).toMatchObject({ deleted: 6, cut: { seq: 6, kind: 'cut' } });
    await appendAudit(t.db, { actor: null, ip: null, action: 'test.after-cut' });
    const v = await t.verify();
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ ok: true, entries: 1, from: { seq: 6 } });
    await expect(t.db.deleteFrom('audit_log').where('seq', '=', 7).execute()).rejects.toThrow(/append-only/);
  });

  it('records when verification last passed (for /healthz)', async () => {
    const t = await chainOf(2);
    await recordVerification(t.db, await t.verify(), new Date('2026-12-01T10:00:00Z'));
    await triggersOff(t.database);
    await t.db.updateTable('audit_log').set({ action: 'x' }).where('seq', '=', 1).execute();
    await recordVerification(t.db, await t.verify(), new Date('2026-12-01T11:00:00Z'));
    const row = await t.db.selectFrom('audit_verification').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ checked_at: '2026-12-01T11:00:00.000Z', passed_at: '2026-12-01T10:00:00.000Z', ok: 0 });
  });

  it('the migration chains the entries written before it, in time order', async () => {
    const t = await chainOf(0);
    const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo('2026-11-23-004-learning');
    expect(down.error).toBeUndefined();
    for (let i = 0; i < 3; i++) {
      await sql`insert into audit_log (id, at, action, details) values (${`01900000-0000-7000-8000-00000000000${i}`}, ${`2026-01-0${i + 1}T00:00:00.000Z`}, ${'legacy'}, ${JSON.stringify({ i })})`.execute(
        t.db,
      );
    }
    await migrate(t.db);
    const rows = await t.db.selectFrom('audit_log').select(['seq', 'details']).orderBy('seq').execute();
    expect(rows).toEqual([0, 1, 2].map((i) => ({ seq: i + 1, details: JSON.stringify({ i }) })));
    await appendAudit(t.db, { actor: null, ip: null, action: 'after-migration' });
    expect(await t.verify()).toMatchObject({ ok: true, entries: 4 });
  });

  it('npm run audit -- verify exits 0 on an intact chain and 1 naming the first broken entry', async () => {
    const t = await chainOf(3);
    const env = { DATABASE_URL: databaseUrlOf(t.database.config), AUDIT_CHECKPOINT_KEY: t.cfg.checkpointKey, AUDIT_CHECKPOINT_FILE: t.cfg.checkpointFile, LOG_LEVEL: 'silent' };
    expect(await runAuditCli(['checkpoint'], env)).toBe(0);
    expect(await runAuditCli(['verify'], env)).toBe(0);
    await triggersOff(t.database);
    await t.db.updateTable('audit_log').set({ subject: 'x' }).where('seq', '=', 2).execute();
    const errors: string[] = [];
    const orig = console.error;
    console.error = (m: string) => void errors.push(m);
    try {
      expect(await runAuditCli(['verify'], env)).toBe(1);
    } finally {
      console.error = orig;
    }
    expect(errors[0]).toMatch(/^BROKEN at entry 2 id .*altered/);
    expect(await runAuditCli(['nonsense'], env)).toBe(2);
  });
});
