import { randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PostgresAdapter, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { AuditConfig } from '../config.ts';
import { newId } from '../ids.ts';
import { auditHead } from './audit.repository.ts';
import { GENESIS_HASH, checkpointSignatureValid, entryHash, signCheckpoint, type Checkpoint } from './chain.ts';

/** The checkpoint key: AUDIT_CHECKPOINT_KEY, else the key file (made, mode 0600, when missing). */
export function loadCheckpointKey(cfg: AuditConfig): Buffer {
  if (cfg.checkpointKey) return Buffer.from(cfg.checkpointKey, 'utf8');
  if (!existsSync(cfg.checkpointKeyFile)) {
    mkdirSync(dirname(cfg.checkpointKeyFile), { recursive: true });
    writeFileSync(cfg.checkpointKeyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const key = readFileSync(cfg.checkpointKeyFile, 'utf8').trim();
  if (key.length < 32) throw new Error(`${cfg.checkpointKeyFile}: the audit checkpoint key must be at least 32 characters`);
  return Buffer.from(key, 'utf8');
}

export interface CheckpointLog {
  info(obj: object, msg: string): void;
}

/** Appends one line and fsyncs: an acknowledged checkpoint is on disk. */
function appendLine(file: string, line: string) {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${line}\n`, { mode: 0o640 });
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Records the head as a signed checkpoint in three places: the checkpoint
 * file, the log stream (one pino line) and audit_checkpoints. The first two are
 * out of reach of the database role. A periodic checkpoint is skipped when
 * the head did not move since the last one.
 */
export async function writeCheckpoint(
  db: Kysely<DB>,
  cfg: AuditConfig,
  key: Buffer,
  opts: { kind?: Checkpoint['kind']; at?: { seq: number; hash: string }; now?: Date; log?: CheckpointLog } = {},
): Promise<Checkpoint | null> {
  const kind = opts.kind ?? 'periodic';
  let head = opts.at;
  if (!head) {
    const h = await auditHead(db);
    head = { seq: h.count, hash: h.hash };
  }
  if (kind === 'periodic') {
    const last = await db.selectFrom('audit_checkpoints').select(['seq']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (last && Number(last.seq) === head.seq) return null;
  }
  const unsigned = { id: newId(), seq: head.seq, hash: head.hash, at: (opts.now ?? new Date()).toISOString(), kind };
  const c: Checkpoint = { ...unsigned, signature: signCheckpoint(key, unsigned) };
  appendLine(cfg.checkpointFile, JSON.stringify(c));
  opts.log?.info({ auditCheckpoint: c }, 'audit checkpoint');
  await db.insertInto('audit_checkpoints').values(c).execute();
  return c;
}

export function readCheckpointFile(file: string): { checkpoints: Checkpoint[]; problems: string[]; missing: boolean } {
  if (!existsSync(file)) return { checkpoints: [], problems: [], missing: true };
  const checkpoints: Checkpoint[] = [];
  const problems: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const c = JSON.parse(line) as Checkpoint;
        if (typeof c.seq !== 'number' || typeof c.hash !== 'string' || typeof c.signature !== 'string') throw new Error('fields missing');
        checkpoints.push(c);
      } catch (err) {
        problems.push(`${file}:${i + 1}: not a checkpoint (${(err as Error).message})`);
      }
    });
  return { checkpoints, problems, missing: false };
}

export interface BrokenEntry {
  seq: number | null;
  id: string | null;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries checked after the cut. */
  entries: number;
  /** Where verification started: the last cut, or the genesis. */
  from: { seq: number; hash: string };
  /** The last entry that verified. */
  head: { seq: number; hash: string };
  checkpoints: number;
  firstBroken: BrokenEntry | null;
  problems: string[];
  warnings: string[];
}

/**
 * Checks the whole chain: every entry's hash over its content, every link to
 * the previous entry, no gap, no entry outside the chain, the head row, and
 * every checkpoint (signature, and that the chain still holds its hash).
 * Starts from the last signed cut. Names the first broken entry.
 */
export async function verifyChain(db: Kysely<DB>, opts: { key: Buffer; checkpointFile: string }): Promise<VerifyResult> {
  // PostgreSQL: one snapshot for the entries and the head, so an append committing during the scan (a
  // batch of reads, another node) does not look like a cut end; it does not hold up writers. SQLite keeps
  // reading in batches: one transaction would hold its single connection for the whole scan.
  if (db.isTransaction || !(db.getExecutor().adapter instanceof PostgresAdapter)) return verifyIn(db, opts);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => verifyIn(trx, opts));
}

async function verifyIn(db: Kysely<DB>, opts: { key: Buffer; checkpointFile: string }): Promise<VerifyResult> {
  const problems: string[] = [];
  const warnings: string[] = [];
  let firstBroken: BrokenEntry | null = null;
  const broken = (b: BrokenEntry) => {
    firstBroken ??= b;
    problems.push(`entry ${b.seq ?? '?'}${b.id ? ` (${b.id})` : ''}: ${b.reason}`);
  };

  const fromFile = readCheckpointFile(opts.checkpointFile);
  problems.push(...fromFile.problems);
  if (fromFile.missing) warnings.push(`checkpoint file ${opts.checkpointFile} not found: only the database's checkpoints are checked`);
  const fromDb = (await db.selectFrom('audit_checkpoints').selectAll().execute()).map((c) => ({ ...c, seq: Number(c.seq) }));
  const byId = new Map<string, Checkpoint>();
  for (const c of [...fromFile.checkpoints, ...fromDb]) {
    if (!checkpointSignatureValid(opts.key, c)) {
      problems.push(`checkpoint ${c.id} (seq ${c.seq}, ${c.at}): signature invalid (forged or altered, or another key)`);
      continue;
    }
    byId.set(c.id, c);
  }
  const checkpoints = [...byId.values()];
  const cut = checkpoints.filter((c) => c.kind === 'cut').sort((a, b) => b.seq - a.seq)[0];
  const from = cut ? { seq: cut.seq, hash: cut.hash } : { seq: 0, hash: GENESIS_HASH };
  const atSeq = new Map<number, Checkpoint[]>();
  for (const c of checkpoints) if (c.seq > from.seq) atSeq.set(c.seq, [...(atSeq.get(c.seq) ?? []), c]);

  const outside = await db.selectFrom('audit_log').select(['id']).where('seq', 'is', null).orderBy('id').limit(10).execute();
  for (const r of outside) broken({ seq: null, id: r.id, reason: 'entry outside the chain (no place in it: inserted around the application)' });

  let expected = from.seq + 1;
  let prev = from.hash;
  let entries = 0;
  let after = from.seq;
  // The head is read after the scan. When it is ahead, entries were appended while the scan ran (on
  // SQLite the scan reads in batches between other work): those are read too before the end is
  // judged, so a concurrent append never looks like a cut end. An entry and the head commit together.
  let head: { seq: number | string; hash: string } | undefined;
  for (let round = 0; ; round++) {
    const before = entries;
    scan: for (;;) {
      const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq').limit(2000).execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        const seq = Number(r.seq);
        after = seq;
        if (seq < expected) {
          broken({ seq, id: r.id, reason: 'a second entry at this place in the chain (forged)' });
          break scan;
        }
        if (seq > expected) {
          broken({ seq, id: r.id, reason: `entries ${expected}${seq - 1 > expected ? `–${seq - 1}` : ''} before this one are missing (deleted)` });
          break scan;
        }
        if (r.prev_hash !== prev) {
          broken({ seq, id: r.id, reason: 'its link to the previous entry does not match (entry forged or previous entry altered)' });
          break scan;
        }
        const h = entryHash({ ...r, seq });
        if (h !== r.hash) {
          broken({ seq, id: r.id, reason: 'its content does not match its hash (altered)' });
          break scan;
        }
        for (const c of atSeq.get(seq) ?? []) {
          if (c.hash !== h) {
            broken({ seq, id: r.id, reason: `differs from checkpoint ${c.id} of ${c.at} (chain rewritten)` });
            break scan;
          }
        }
        entries += 1;
        prev = h;
        expected = seq + 1;
      }
    }
    if (firstBroken) break;
    head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    // Ahead, but nothing more to read (entries at the end deleted): judged below.
    if (!head || Number(head.seq) <= expected - 1 || (round > 0 && entries === before) || round >= 20) break;
  }
  const last = { seq: expected - 1, hash: prev };

  if (!firstBroken) {
    const latest = checkpoints.filter((c) => c.seq > last.seq).sort((a, b) => b.seq - a.seq)[0];
    if (latest) {
      broken({
        seq: last.seq + 1,
        id: null,
        reason: `missing: checkpoint ${latest.id} of ${latest.at} says the chain reached ${latest.seq}, it ends at ${last.seq} (entries deleted or table truncated)`,
      });
    } else if (!head) {
      broken({ seq: last.seq + 1, id: null, reason: 'the chain head row is missing' });
    } else if (Number(head.seq) !== last.seq || head.hash !== last.hash) {
      broken({ seq: last.seq + 1, id: null, reason: `the head says the chain reached ${head.seq}, it ends at ${last.seq} (entries at the end deleted, or head altered)` });
    }
  }
  if (checkpoints.length === 0) warnings.push('no checkpoint yet: deleting the newest entries together with the head would not be seen');
  return { ok: problems.length === 0, entries, from, head: last, checkpoints: checkpoints.length, firstBroken, problems, warnings };
}

/** Stores the outcome for /healthz: when verification last ran, and when it last passed. */
export async function recordVerification(db: Kysely<DB>, r: VerifyResult, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const problem = r.ok ? null : (r.problems[0] ?? 'failed').slice(0, 1000);
  await db
    .insertInto('audit_verification')
    .values({ id: 1, checked_at: at, ok: r.ok ? 1 : 0, passed_at: r.ok ? at : null, entries: r.entries, problem })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        checked_at: at,
        ok: r.ok ? 1 : 0,
        passed_at: r.ok ? at : eb.ref('audit_verification.passed_at'),
        entries: r.entries,
        problem,
      })),
    )
    .execute();
}

/**
 * Prunes entries older than the retention by a cut: a signed checkpoint of
 * the last pruned entry (file, log, database), then the delete, which the
 * database allows only below a cut. Verification starts from the cut's hash.
 * Needs the owner role on PostgreSQL (the runtime role may not delete).
 */
export async function pruneAudit(db: Kysely<DB>, cfg: AuditConfig, key: Buffer, retentionDays: number, now = new Date(), log?: CheckpointLog) {
  const before = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const lastOld = await db.selectFrom('audit_log').select(['seq', 'hash']).where('at', '<', before).where('seq', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (!lastOld || lastOld.seq === null || lastOld.hash === null) return { cut: null, deleted: 0 };
  return db.transaction().execute(async (trx) => {
    const cut = await writeCheckpoint(trx, cfg, key, { kind: 'cut', at: { seq: Number(lastOld.seq), hash: lastOld.hash! }, now, log });
    const res = await trx.deleteFrom('audit_log').where('seq', '<=', Number(lastOld.seq)).executeTakeFirst();
    return { cut, deleted: Number(res.numDeletedRows) };
  });
}
