import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { type CommitSyncingLater, createReadAudit } from '../../src/core/audit/read-audit.ts';
import { auditEntry, chainEntries } from '../../src/core/audit/audit.repository.ts';

// Issue 14: read entries are batched (one transaction per window, not one fsync
// per GET), journalled first so a killed process loses none, and chained once.

let database: TestDatabase;
let dir: string;
beforeAll(async () => {
  database = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'kw-read-audit-test-'));
});
afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const read = (i: number) => ({
  actor: { userId: 'u1', email: 'lezer@example.org' },
  actorRole: 'complaints-officer',
  ip: '127.0.0.1',
  action: 'case.read',
  entityType: 'case',
  entityId: `case-${i}`,
});
const rows = () => database.db.selectFrom('audit_log').select(['id', 'seq', 'prev_hash', 'hash', 'entity_id']).where('action', '=', 'case.read').orderBy('seq').execute();

describe('batched read audit (issue 14)', () => {
  it('journals each read at once and chains a window of reads in one commit', async () => {
    const audit = createReadAudit(database.db, { batchMs: 60_000, journalDir: dir });
    const before = Number((await database.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq);
    for (let i = 0; i < 5; i++) await audit.record(read(i));
    expect(await rows()).toEqual([]); // waiting for the window
    const journal = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('');
    expect(
      journal
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).entity_id),
    ).toEqual(['case-0', 'case-1', 'case-2', 'case-3', 'case-4']);

    await audit.flush();
    const chained = await rows();
    expect(chained.map((r) => [r.entity_id, Number(r.seq)])).toEqual([0, 1, 2, 3, 4].map((i) => [`case-${i}`, before + 1 + i]));
    for (const [i, r] of chained.slice(1).entries()) expect(r.prev_hash).toBe(chained[i]!.hash);
    expect(readdirSync(dir)).toEqual([]); // committed: the batch file is gone
    await audit.close();
    expect(existsSync(dir)).toBe(false);
  });

  it("chains a dead process's journal at start, skipping what already reached the log", async () => {
    const committed = (await rows()).slice(0, 2);
    const known = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where(
        'id',
        'in',
        committed.map((r) => r.id),
      )
      .orderBy('seq')
      .execute();
    const fresh = auditEntry(read(99));
    // Process 999999 (not running) was killed after committing two entries but before removing its batch.
    const lines = [...known.map(({ seq: _s, prev_hash: _p, hash: _h, ...entry }) => entry), fresh].map((e) => JSON.stringify(e)).join('\n');
    mkdirSync(dir, { recursive: true }); // the first app's clean stop removed its empty journal directory
    writeFileSync(join(dir, '999999.abcd1234.1.batch'), `${lines}\n{"id":"cut-off`);
    const audit = createReadAudit(database.db, { batchMs: 100, journalDir: dir });
    expect(await audit.recover()).toBe(1);
    const after = await rows();
    expect(after.filter((r) => r.entity_id === 'case-99')).toHaveLength(1);
    expect(after.filter((r) => committed.some((c) => c.id === r.id))).toHaveLength(2);
    expect(readdirSync(dir)).toEqual([]);
    await audit.close();
  });

  it('chains batches of every size with a few statement shapes, in order and unbroken', async () => {
    // Each distinct SQL text is a prepared statement the server's statement cache keeps: a shape
    // per batch size held 33 MB of SQLite memory that grew with uptime. Powers of two: 8 at most.
    const shapes = new Set<string>();
    const db = database.db.withPlugin({
      transformQuery: ({ node, queryId }) => {
        const text = database.db.getExecutor().compileQuery(node, queryId).sql;
        if (text.startsWith('insert into "audit_log"')) shapes.add(text);
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const before = (await rows()).length;
    let n = 0;
    for (const size of [1, 2, 3, 5, 7, 12, 31, 64, 99, 130, 200, 257]) {
      await db.transaction().execute((trx) =>
        chainEntries(
          trx,
          Array.from({ length: size }, () => auditEntry(read(1000 + n++))),
        ),
      );
    }
    expect(shapes.size).toBeLessThanOrEqual(8);
    const all = await rows();
    expect(all.length - before).toBe(n);
    // In order, each entry's prev_hash the hash before it.
    for (let i = 1; i < all.length; i++) {
      expect(Number(all[i]!.seq)).toBe(Number(all[i - 1]!.seq) + 1);
      expect(all[i]!.prev_hash).toBe(all[i - 1]!.hash);
    }
    expect(all.slice(before).map((r) => r.entity_id)).toEqual(Array.from({ length: n }, (_, i) => `case-${1000 + i}`));
  });

  it('keeps a batch journal until its commit is on disk, and for the next start when that failed', async () => {
    // commitSyncingLater on SQLite: committed at once, on disk later. Here "later" is in the test's hands.
    let sync: { resolve: () => void; reject: (e: Error) => void } | undefined;
    const errors: string[] = [];
    const commitWith: CommitSyncingLater = async (fn) => {
      const value = await database.db.transaction().execute(fn);
      return { value, onDisk: new Promise<void>((resolve, reject) => (sync = { resolve, reject })) };
    };
    const audit = createReadAudit(database.db, { batchMs: 20, journalDir: dir }, { error: (_o, m) => errors.push(m), warn: () => {} }, commitWith);
    await audit.record(read(501));
    await expect.poll(async () => (await rows()).some((r) => r.entity_id === 'case-501')).toBe(true);
    const batchFiles = () => readdirSync(dir).filter((f) => f.endsWith('.batch'));
    expect(batchFiles()).toHaveLength(1); // committed, not yet known to be on disk
    sync!.resolve();
    await expect.poll(batchFiles).toEqual([]);

    await audit.record(read(502));
    await expect.poll(async () => (await rows()).some((r) => r.entity_id === 'case-502')).toBe(true);
    sync!.reject(new Error('EIO'));
    await expect.poll(() => errors).toEqual(['read audit batch committed but not synced; its journal is kept']);
    expect(batchFiles()).toHaveLength(1);
    await audit.close();
    // The next start finds the entry already in the log: nothing chained twice, and the file goes.
    const next = createReadAudit(database.db, { batchMs: 20, journalDir: dir });
    expect(await next.recover()).toBe(0);
    expect((await rows()).filter((r) => r.entity_id === 'case-502')).toHaveLength(1);
    expect(batchFiles()).toEqual([]);
    await next.close();
  });

  it('with AUDIT_READ_BATCH_MS=0 each read commits in its request', async () => {
    const audit = createReadAudit(database.db, { batchMs: 0, journalDir: dir });
    await audit.record(read(7));
    expect((await rows()).filter((r) => r.entity_id === 'case-7')).toHaveLength(1);
  });
});
