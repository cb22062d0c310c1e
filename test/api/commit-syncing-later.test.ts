import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitSyncingLater } from '../../src/db/commit-syncing-later.ts';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/db.ts';

// Issue 14: the read audit's batches commit without an fsync on the request thread (SQLite), and
// that must never make another transaction commit without one.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const synchronous = async (db = database.db) => Number((await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]!.synchronous);
const headSeq = async () => Number((await database.db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirstOrThrow()).seq);

describe('commitSyncingLater (issue 14)', () => {
  it('commits: the rows are there when it returns, and onDisk resolves', async () => {
    const commit = commitSyncingLater(database.db, database.config);
    const before = await headSeq();
    const { value, onDisk } = await commit(async (trx) => {
      await trx
        .updateTable('audit_head')
        .set({ seq: before + 1 })
        .where('id', '=', 1)
        .execute();
      return 'done';
    });
    expect(value).toBe('done');
    expect(await headSeq()).toBe(before + 1);
    await expect(onDisk).resolves.toBeUndefined();
    // The file it syncs is there (a missing one is taken for a database not in WAL mode).
    if (database.config.kind === 'sqlite') expect(existsSync(`${database.config.path}-wal`)).toBe(true);
    await database.db.updateTable('audit_head').set({ seq: before }).where('id', '=', 1).execute();
  });

  it('rolls back on an error and passes it on', async () => {
    const commit = commitSyncingLater(database.db, database.config);
    const before = await headSeq();
    await expect(
      commit(async (trx) => {
        await trx
          .updateTable('audit_head')
          .set({ seq: before + 5 })
          .where('id', '=', 1)
          .execute();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await headSeq()).toBe(before);
  });

  it.runIf(testDialect === 'sqlite')('keeps synchronous = FULL for every other transaction, also one that waited for the connection', async () => {
    const commit = commitSyncingLater(database.db, database.config);
    expect(await synchronous()).toBe(2);
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    let inside!: () => void;
    const entered = new Promise<void>((r) => {
      inside = r;
    });
    const later = commit(async (trx) => {
      const seen = await synchronous(trx);
      inside();
      await gate;
      return seen;
    });
    await entered;
    // Queued behind the transaction above: it must not get the connection before FULL is back.
    const other = database.db.transaction().execute((trx) => synchronous(trx));
    open();
    const { value: during } = await later;
    expect(during).toBe(1); // NORMAL inside its own transaction
    expect(await other).toBe(2);
    expect(await synchronous()).toBe(2);
    // Also after a rollback.
    await commit(async () => {
      throw new Error('no');
    }).catch(() => {});
    expect(await synchronous()).toBe(2);
  });
});
