import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { IntakeInboxConfig } from '../../core/config.ts';
import type { StaffIntake } from './cases.schemas.ts';
import { acceptIntake, intake, regulationOfCase, writeIntake, type IntakePlan, type IntakeResult, type LetterProducer } from './cases.service.ts';

/**
 * The public form's intake inbox (migration 906, issue 14).
 *
 * A case writes about 77 pages at its commit; when filings come in a burst, that commit and the
 * statements before it are what limits how many are answered. So the form acknowledges a filing
 * once its plan (everything `intake` decides, its reference included) is durable in
 * `intake_inbox`: one small commit, with the same checks and the same answer as before. The cases
 * are written from the inbox moments later, up to `BATCH` in one transaction:
 *
 * - when no filing came for `idleMs` (a filing on a quiet server is written within that time);
 * - before any other request of this process (staff and the complainant see every case this
 *   process acknowledged; a status link of another node's filing writes that one first);
 * - under a long burst, once the oldest waits `maxDelayMs` or `maxPending` wait: then each new
 *   filing first writes two, so the inbox shrinks even while the burst lasts;
 * - at start, every row left (a killed process), and by the `intake-inbox` job, rows older than
 *   a minute (a node that stopped).
 *
 * A row is deleted in the transaction that writes its case, so exactly one writer writes it. A
 * plan that cannot be written stays, with its error, and counts as failing in /healthz.
 */
export interface IntakeInbox {
  /** Acknowledges a public filing: into the inbox, or written at once when the inbox is off. */
  accept(input: StaffIntake, ctx: Parameters<typeof intake>[2]): Promise<IntakeResult>;
  /** Writes the cases this process acknowledged and has not written yet (at most `limit`). */
  settle(limit?: number): Promise<void>;
  /** Writes the case behind a status link if it is still in the inbox; whether there was one. */
  settleToken(tokenHash: string): Promise<boolean>;
  /** Writes every case left in the inbox (at start). */
  recover(): Promise<number>;
  /** Filings acknowledged by this process whose cases are not committed yet. */
  pending(): number;
  close(): Promise<void>;
}

/** Cases written in one transaction: about 15 ms of work, so a request waits at most that long behind it. */
const BATCH = 16;

interface Log {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export function createIntakeInbox(db: Kysely<DB>, produceLetters: LetterProducer, cfg: IntakeInboxConfig, log?: Log): IntakeInbox {
  // Ids this process acknowledged, oldest first, with when; written ones leave from the front.
  const waiting: { id: string; at: number }[] = [];
  let idle: NodeJS.Timeout | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let lastAccept = 0;
  let closed = false;

  // One writer at a time in this process, in acknowledgement order.
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(work, work);
    chain = next.catch(() => {});
    return next;
  }

  function takeWaiting(limit: number): string[] {
    return waiting.splice(0, Math.min(limit, waiting.length)).map((w) => w.id);
  }

  // Taken from `waiting` and not committed yet: a request arriving now waits for them too.
  let writing = 0;
  async function writeIds(ids: string[]): Promise<void> {
    writing += ids.length;
    try {
      for (let i = 0; i < ids.length; i += BATCH) await materialise(db, produceLetters, { ids: ids.slice(i, i + BATCH) }, log);
    } finally {
      writing -= ids.length;
    }
  }

  // After a quiet moment, everything waiting, a batch at a time (a request waits behind one batch at
  // most); a new filing meanwhile pauses it until the next quiet moment.
  function armIdle() {
    if (closed) return;
    if (idle) {
      idle.refresh();
      return;
    }
    idle = setTimeout(() => {
      idle = null;
      void drain(lastAccept).catch((err) => log?.error({ err }, 'intake inbox: cases not written yet; retried'));
    }, cfg.idleMs);
    idle.unref();
  }

  async function drain(started: number) {
    while (waiting.length && lastAccept === started && !closed) {
      await serial(() => writeIds(takeWaiting(BATCH)));
      await new Promise((r) => setImmediate(r));
    }
  }

  function settle(limit = Number.POSITIVE_INFINITY): Promise<void> {
    // With none waiting, still after a batch being written now: its cases are then there to read.
    if (waiting.length === 0) return chain.then(() => {});
    return serial(() => writeIds(takeWaiting(limit)));
  }

  return {
    async accept(input, ctx) {
      if (!cfg.enabled || closed) return intake(db, input, ctx);
      const result = await acceptIntake(db, input, ctx);
      const now = Date.now();
      waiting.push({ id: result.row.id, at: now });
      lastAccept = now;
      armIdle();
      // A burst longer than the inbox should hold: this filing writes two waiting ones first.
      if (waiting.length > cfg.maxPending || now - waiting[0]!.at > cfg.maxDelayMs) await settle(2);
      return result;
    },
    settle,
    async settleToken(tokenHash) {
      const row = await db.selectFrom('intake_inbox').select('id').where('status_token_hash', '=', tokenHash).executeTakeFirst();
      if (!row) return false;
      await serial(() => materialise(db, produceLetters, { ids: [row.id] }, log));
      return true;
    },
    recover() {
      return serial(async () => {
        // Every row, failing ones included (a fix may have come with this start).
        const ids = (await db.selectFrom('intake_inbox').select('id').orderBy('id').execute()).map((r) => r.id);
        let written = 0;
        for (let i = 0; i < ids.length; i += BATCH) written += (await materialise(db, produceLetters, { ids: ids.slice(i, i + BATCH) }, log)).written;
        if (written) log?.warn({ written }, 'intake inbox: cases of a previous process written');
        return written;
      });
    },
    pending: () => waiting.length + writing,
    async close() {
      if (idle) clearTimeout(idle);
      idle = null;
      await settle().catch((err) => log?.error({ err }, 'intake inbox: cases left for the next start'));
      closed = true;
    },
  };
}

/**
 * Writes cases from the inbox: the given ids, or the oldest `limit` (older than `before`), in one
 * transaction; if that fails, each in its own, and a plan that still fails keeps its row with the
 * error. A row already gone was written by another process.
 */
export async function materialise(
  db: Kysely<DB>,
  produceLetters: LetterProducer,
  which: { ids?: string[]; limit?: number; before?: string; maxAttempts?: number },
  log?: Log,
): Promise<{ written: number; failed: number }> {
  let ids = which.ids;
  if (!ids) {
    let q = db
      .selectFrom('intake_inbox')
      .select('id')
      .orderBy('id')
      .limit(which.limit ?? BATCH);
    if (which.before) q = q.where('received_at', '<', which.before);
    if (which.maxAttempts !== undefined) q = q.where('attempts', '<', which.maxAttempts);
    ids = (await q.execute()).map((r) => r.id);
  }
  if (ids.length === 0) return { written: 0, failed: 0 };
  try {
    return { written: await db.transaction().execute((trx) => writeRows(trx, ids, produceLetters)), failed: 0 };
  } catch (err) {
    if (ids.length === 1) {
      await markFailed(db, ids[0]!, err, log);
      return { written: 0, failed: 1 };
    }
  }
  let written = 0;
  let failed = 0;
  for (const id of ids) {
    try {
      written += await db.transaction().execute((trx) => writeRows(trx, [id], produceLetters));
    } catch (err) {
      await markFailed(db, id, err, log);
      failed++;
    }
  }
  return { written, failed };
}

async function writeRows(trx: Parameters<typeof writeIntake>[0], ids: string[], produceLetters: LetterProducer): Promise<number> {
  // Claimed by deleting: on PostgreSQL another node's delete of the same row waits for this
  // transaction and then finds nothing, so a case is written once.
  const rows = await trx.deleteFrom('intake_inbox').where('id', 'in', ids).returning(['id', 'plan']).execute();
  const plans = rows.map((r) => JSON.parse(r.plan) as IntakePlan).sort((a, b) => (a.row.id < b.row.id ? -1 : 1));
  for (const plan of plans) {
    if (plan.v !== 1) throw new Error(`intake plan version ${String(plan.v)} unknown`);
    await writeIntake(trx, plan, await regulationOfCase(trx, plan.row), produceLetters);
  }
  return plans.length;
}

async function markFailed(db: Kysely<DB>, id: string, err: unknown, log?: Log) {
  log?.error({ err, id }, 'intake inbox: a case could not be written; its filing stays in the inbox');
  const message = err instanceof Error ? err.message : String(err);
  await db
    .updateTable('intake_inbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: message.slice(0, 2000) }))
    .where('id', '=', id)
    .execute()
    .catch(() => {});
}
