import { open } from 'node:fs/promises';
import { type Kysely, sql } from 'kysely';
import { type CommitSyncingLater, commitNow } from '../core/audit/read-audit.ts';
import type { Database as DatabaseConfig } from '../core/config.ts';
import type { DB } from './schema.ts';

/**
 * Commits a transaction whose fsync need not hold up the request thread (the read audit's batches).
 *
 * better-sqlite3 commits on the thread that asks, and with `synchronous = FULL` a commit waits for
 * fsync: 5 ms for a batch of read entries on this machine, about ten batches a second under load,
 * during which no request moved (issue 14; measured in the server at 1M cases, 16 concurrent). Such a
 * commit now takes 0.5–1.3 ms; about one in five still runs SQLite's automatic checkpoint (9–18 ms),
 * which syncs as before. In bench:scale at 1M a common word went from 25.6 to 23.8 ms p95 at 16, and
 * the smallest organisation's from 32.4 to 29.9 ms.
 *
 * So on SQLite this one transaction commits with `synchronous = NORMAL` (in WAL mode: written,
 * not yet synced), on the connection held for it alone so no other transaction commits that way, and
 * the write-ahead log is then fsynced on libuv's thread pool. An fsync flushes the whole file, so it
 * also covers every commit before it. What this commit holds is on disk once `onDisk` resolves;
 * until then a crash of the machine (not of the process) can lose it, as a crash can lose what is
 * not yet committed.
 *
 * PostgreSQL commits on its own server, not on this thread: there it is an ordinary transaction.
 */
export function commitSyncingLater(db: Kysely<DB>, database: DatabaseConfig): CommitSyncingLater {
  if (database.kind !== 'sqlite' || database.path === ':memory:') return commitNow(db);
  const wal = `${database.path}-wal`;
  return async (fn) => {
    const value = await db.connection().execute(async (conn) => {
      const [was] = (await sql<{ synchronous: number }>`pragma synchronous`.execute(conn)).rows;
      await sql`pragma synchronous = NORMAL`.execute(conn);
      try {
        return await conn.transaction().execute(fn);
      } finally {
        await sql.raw(`pragma synchronous = ${Number(was?.synchronous ?? 2)}`).execute(conn);
      }
    });
    return { value, onDisk: syncFile(wal) };
  };
}

async function syncFile(path: string): Promise<void> {
  let file: Awaited<ReturnType<typeof open>>;
  try {
    file = await open(path, 'r');
  } catch (err) {
    // No write-ahead log: the database is not in WAL mode, and its commits were synced as they were made.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}
