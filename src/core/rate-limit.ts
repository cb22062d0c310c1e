import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { tooMany } from './errors.ts';

/**
 * Fixed-window counter kept in the database, so the limit holds across
 * several app nodes. One upsert statement: atomic on both dialects.
 * Throws 429 when the window's count exceeds the limit.
 */
export async function hit(db: Kysely<DB>, key: string, limit: number, windowSeconds: number, now = Date.now()): Promise<void> {
  const row = await addHits(db, key, 1, windowSeconds, now);
  if (row.count > limit) throw limited(row.window_start, windowSeconds, now);
}

/** Adds `by` to the key's window (a new window when the old one ended); one upsert, atomic on both dialects. */
async function addHits(db: Kysely<DB>, key: string, by: number, windowSeconds: number, now: number): Promise<{ count: number; window_start: string }> {
  const r = (await hitsUpsert(key, by, windowSeconds, now).execute(db)).rows[0]!;
  return { count: Number(r.count), window_start: r.window_start };
}

/**
 * The upsert of `addHits` as a statement to run or to put in a larger one: returns the window's
 * `count` and `window_start`.
 */
export function hitsUpsert(key: string, by: number, windowSeconds: number, now: number) {
  const nowIso = new Date(now).toISOString();
  const cutoff = new Date(now - windowSeconds * 1000).toISOString();
  // As one SQL text: built by the query builder, this upsert took longer to compile than to run.
  return sql<{ count: number | string; window_start: string }>`
    insert into rate_limits ("key", window_start, "count") values (${key}, ${nowIso}, ${by})
    on conflict ("key") do update set
      "count" = case when rate_limits.window_start <= ${cutoff} then ${by} else rate_limits."count" + ${by} end,
      window_start = case when rate_limits.window_start <= ${cutoff} then ${nowIso} else rate_limits.window_start end
    returning "count", window_start`;
}

/** The 429 for a window that is full, with the seconds until it ends. */
export function limited(windowStart: string, windowSeconds: number, now: number) {
  const retry = Math.max(1, Math.ceil((Date.parse(windowStart) + windowSeconds * 1000 - now) / 1000));
  return tooMany('Too many requests. Please wait a moment and try again.', retry);
}

/**
 * Limits on reads (the status page, the confidant's page) without a write and
 * fsync per GET: hits are counted in memory and added to the shared counters
 * in one transaction per `flushMs`, so the limit still holds across nodes, up
 * to what the other nodes counted in their last interval. A killed process
 * forgets at most its last interval of hits; writes keep `hit`.
 */
export interface ReadLimiter {
  hit(key: string, limit: number, windowSeconds: number, now?: number): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createReadLimiter(db: Kysely<DB>, flushMs = 1000): ReadLimiter {
  interface Counter {
    base: number; // the shared count at the last sync
    pending: number; // this node's hits since
    windowStart: string;
    windowSeconds: number;
    syncedAt: number;
  }
  const counters = new Map<string, Promise<Counter>>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  async function load(key: string, windowSeconds: number, now: number): Promise<Counter> {
    const row = await db.selectFrom('rate_limits').select(['count', 'window_start']).where('key', '=', key).executeTakeFirst();
    const current = row && Date.parse(row.window_start) > now - windowSeconds * 1000;
    return { base: current ? Number(row.count) : 0, pending: 0, windowStart: current ? row.window_start : new Date(now).toISOString(), windowSeconds, syncedAt: now };
  }

  async function sync(refresh = false): Promise<void> {
    const now = Date.now();
    const due: [string, Counter][] = [];
    for (const [key, p] of counters) {
      const c = await p;
      if (c.pending > 0) due.push([key, c]);
      else if (refresh || now - c.syncedAt > 10 * 60_000) counters.delete(key); // reloaded on the next hit
    }
    if (due.length === 0) return;
    const taken = due.map(([, c]) => c.pending);
    for (const [, c] of due) c.pending = 0;
    try {
      const rows = await db.transaction().execute(async (trx) => {
        const out: { count: number; window_start: string }[] = [];
        for (const [i, [key, c]] of due.entries()) out.push(await addHits(trx, key, taken[i]!, c.windowSeconds, now));
        return out;
      });
      for (const [i, [, c]] of due.entries()) {
        // Hits that came in while this ran stay pending on top of the new shared count.
        c.base = rows[i]!.count;
        c.windowStart = rows[i]!.window_start;
        c.syncedAt = now;
      }
    } catch {
      for (const [i, [, c]] of due.entries()) c.pending += taken[i]!; // next round
    }
  }

  function schedule(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      running = running.then(() => sync());
    }, flushMs);
    timer.unref();
  }

  return {
    async hit(key, limit, windowSeconds, now = Date.now()) {
      let p = counters.get(key);
      let c = p ? await p : undefined;
      // What the other nodes counted arrives with a fresh read, at most once per interval.
      if (c && c.pending === 0 && now - c.syncedAt > flushMs) c = undefined;
      if (!c) {
        // Another hit may have started the reload already: share it, so no hit is counted on a lost copy.
        const current = counters.get(key);
        if (current && current !== p) p = current;
        else counters.set(key, (p = load(key, windowSeconds, now)));
        c = await p;
      }
      if (Date.parse(c.windowStart) + windowSeconds * 1000 <= now) {
        c.base = 0; // the window ended: the next sync starts a new one in the database too
        c.windowStart = new Date(now).toISOString();
      }
      c.pending++;
      schedule();
      if (c.base + c.pending > limit) throw limited(c.windowStart, windowSeconds, now);
    },
    async flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      await (running = running.then(() => sync(true)));
    },
    async close() {
      await this.flush();
    },
  };
}

/** Removes windows that ended long ago (called by the housekeeping job). */
export async function pruneRateLimits(db: Kysely<DB>, olderThanIso: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', olderThanIso).execute();
}

/** A read's hit: through the app's read limiter when it has one, else written at once. */
export function readHit(deps: { db: Kysely<DB>; readLimiter?: ReadLimiter | undefined }, key: string, limit: number, windowSeconds: number): Promise<void> {
  return deps.readLimiter ? deps.readLimiter.hit(key, limit, windowSeconds) : hit(deps.db, key, limit, windowSeconds);
}
