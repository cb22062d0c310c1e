import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ReadAuditConfig } from '../config.ts';
import { appendAudit, auditEntry, chainEntries, type AuditEntry, type AuditInput } from './audit.repository.ts';

/**
 * Read entries ("who viewed this dossier") without a commit and fsync per GET.
 *
 * A write's entry commits in the write's own transaction. A read's entry is
 * fixed (id, time, role) when the read happens, appended to a journal file of
 * this process with a plain write(2), and chained into the audit log by one
 * transaction at most `batchMs` later. On SQLite that commit is synced to disk
 * off the request thread (commitSyncingLater); a batch's journal file is removed
 * once its commit is on disk. The write reaches the operating system
 * before the response is sent, so a killed process (SIGKILL, OOM) loses none:
 * at the next start its journal is chained (entries already in the log are
 * skipped). Only a crash of the machine itself within the window can lose the
 * last `batchMs` of read entries; writes are never batched.
 *
 * Files: `<pid>.<token>.jsonl` is being written; `….<n>.batch` is a batch on
 * its way to the database. Each node keeps its own journal: a file of a live
 * process elsewhere on the machine is left alone.
 */
export interface ReadAudit {
  /** Records a read; resolves once it is durable against a process kill (journal) or committed (batchMs 0). */
  record(e: AuditInput): Promise<void>;
  /** Commits every read recorded so far (the audit page does so before it reads). */
  flush(): Promise<void>;
  /** Chains the journals a previous process left behind. */
  recover(): Promise<number>;
  close(): Promise<void>;
}

/** A transaction's result, and when it is on disk. */
export interface CommittedLater<T> {
  value: T;
  /** Resolves once the commit would survive a power loss; rejects if that could not be made sure. */
  onDisk: Promise<void>;
}

/** How a batch commits: src/db/commit-syncing-later.ts on SQLite syncs it off the request thread. */
export type CommitSyncingLater = <T>(fn: (trx: Transaction<DB>) => Promise<T>) => Promise<CommittedLater<T>>;

/** An ordinary transaction: on disk when it commits (the connection's own fsync). */
export const commitNow =
  (db: Kysely<DB>): CommitSyncingLater =>
  async (fn) => ({ value: await db.transaction().execute(fn), onDisk: Promise.resolve() });

/** The part of a pino logger this needs. */
interface Log {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** `commitWith`: how a batch commits (commitSyncingLater); by default a transaction with the connection's own fsync. */
export function createReadAudit(db: Kysely<DB>, cfg: ReadAuditConfig, log?: Log, commitWith?: CommitSyncingLater): ReadAudit {
  if (cfg.batchMs === 0) {
    return { record: (e) => appendAudit(db, e), flush: async () => {}, recover: async () => 0, close: async () => {} };
  }
  const dir = cfg.journalDir;
  const token = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const current = join(dir, `${token}.jsonl`);
  let fd: number | null = null;
  let pending: AuditEntry[] = [];
  let files: string[] = []; // batch files whose entries are in `pending` or being committed
  let batchNo = 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;
  const commitBatch = commitWith ?? commitNow(db);
  // Batches committed and not yet known to be on disk: their journal files stay until they are.
  const syncing = new Set<Promise<void>>();

  function open(): number {
    if (fd === null) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      fd = openSync(current, 'a', 0o600);
    }
    return fd;
  }

  async function commit(): Promise<void> {
    if (pending.length === 0) return;
    // The entries in `pending` are exactly those in the current file and earlier failed batch files.
    if (fd !== null) {
      closeSync(fd);
      fd = null;
      const batch = join(dir, `${token}.${++batchNo}.batch`);
      renameSync(current, batch);
      files.push(batch);
    }
    const entries = pending;
    const done = files;
    pending = [];
    files = [];
    let onDisk: Promise<void>;
    try {
      ({ onDisk } = await commitBatch((trx) => chainEntries(trx, entries)));
    } catch (err) {
      // Kept for the next round (and on disk for the next start); reads go on meanwhile.
      pending = [...entries, ...pending];
      files = [...done, ...files];
      log?.error({ err, entries: entries.length }, 'read audit entries not committed yet; retrying');
      schedule();
      return;
    }
    const synced: Promise<void> = onDisk
      .then(
        () => {
          for (const f of done) unlinkSync(f);
        },
        // Committed, but not known to be on disk: the files stay for the next start, which skips what reached the log.
        (err) => log?.error({ err, entries: entries.length }, 'read audit batch committed but not synced; its journal is kept'),
      )
      .finally(() => syncing.delete(synced));
    syncing.add(synced);
  }

  function run(): Promise<void> {
    // One commit at a time, so the journal order is the chain order.
    const next = (running ?? Promise.resolve()).then(commit);
    const mine = next.finally(() => {
      if (running === mine) running = null;
    });
    running = mine;
    return mine;
  }

  function schedule(): void {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, cfg.batchMs);
    timer.unref();
  }

  return {
    async record(e) {
      if (closed) return appendAudit(db, e);
      const entry = auditEntry(e);
      writeSync(open(), `${JSON.stringify(entry)}\n`);
      pending.push(entry);
      schedule();
    },
    async flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      await run();
      await Promise.all(syncing);
      if (pending.length) throw new Error('read audit entries could not be committed');
    },
    async recover() {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return 0;
      }
      const stale = names
        .filter((n) => /^\d+\.[0-9a-f]+\.(jsonl|\d+\.batch)$/.test(n) && !n.startsWith(`${token}.`))
        .filter((n) => {
          const pid = Number(n.split('.')[0]);
          return pid === process.pid || !alive(pid);
        })
        .sort(byWriteOrder);
      let recovered = 0;
      for (const name of stale) {
        const file = join(dir, name);
        const entries = readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => l.trim())
          .flatMap((l) => {
            try {
              return [JSON.parse(l) as AuditEntry];
            } catch {
              return []; // a line cut off by the kill: its request was never answered
            }
          });
        await db.transaction().execute(async (trx) => {
          const fresh: AuditEntry[] = [];
          for (let i = 0; i < entries.length; i += 500) {
            const ids = entries.slice(i, i + 500).map((x) => x.id);
            const known = new Set((await trx.selectFrom('audit_log').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
            fresh.push(...entries.slice(i, i + 500).filter((x) => !known.has(x.id)));
          }
          await chainEntries(trx, fresh);
          recovered += fresh.length;
        });
        unlinkSync(file);
      }
      if (recovered) log?.warn({ recovered }, 'read audit entries of a previous process chained');
      return recovered;
    },
    async close() {
      await this.flush().catch((err) => log?.error({ err }, 'read audit entries left in the journal for the next start'));
      closed = true;
      if (fd !== null) closeSync(fd);
      fd = null;
      if (pending.length === 0) {
        try {
          unlinkSync(current);
        } catch {
          // never opened
        }
        try {
          rmdirSync(dir);
        } catch {
          // other files (another node, or entries kept for the next start)
        }
      }
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Within one process: its batches in number order, then what it was still writing.
function byWriteOrder(a: string, b: string): number {
  const key = (n: string) => {
    const [pid, token, x] = n.split('.');
    return [`${pid}.${token}`, x === 'jsonl' ? Number.MAX_SAFE_INTEGER : Number(x)] as const;
  };
  const [ka, na] = key(a);
  const [kb, nb] = key(b);
  return ka === kb ? na - nb : ka < kb ? -1 : 1;
}

/** A read's entry: through the batch when the app has one, else committed at once. */
export function recordRead(deps: { db: Kysely<DB>; readAudit?: ReadAudit | undefined }, e: AuditInput): Promise<void> {
  return deps.readAudit ? deps.readAudit.record(e) : appendAudit(deps.db, e);
}
