import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { tooMany } from './errors.ts';

/**
 * Fixed-window counter kept in the database, so the limit holds across
 * several app nodes. One upsert statement: atomic on both dialects.
 * Throws 429 when the window's count exceeds the limit.
 */
export async function hit(db: Kysely<DB>, key: string, limit: number, windowSeconds: number, now = Date.now()): Promise<void> {
  const nowIso = new Date(now).toISOString();
  const cutoff = new Date(now - windowSeconds * 1000).toISOString();
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: nowIso, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start <= ${cutoff} then 1 else rate_limits.count + 1 end`,
        window_start: sql<string>`case when rate_limits.window_start <= ${cutoff} then ${nowIso} else rate_limits.window_start end`,
      }),
    )
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  if (row.count > limit) {
    const retry = Math.max(1, Math.ceil((Date.parse(row.window_start) + windowSeconds * 1000 - now) / 1000));
    throw tooMany('Too many requests. Please wait a moment and try again.', retry);
  }
}

/** Removes windows that ended long ago (called by the housekeeping job). */
export async function pruneRateLimits(db: Kysely<DB>, olderThanIso: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', olderThanIso).execute();
}
