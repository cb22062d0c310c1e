import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Dialect } from '../db/database.ts';
import type { Job } from './runner.ts';

/**
 * Planner statistics. Without them SQLite guesses every index equally good and
 * picks a wrong one at size (the oversight view scanned the largest
 * organisation's deadlines instead of the provider's). SQLite never gathers
 * them by itself; `analysis_limit` bounds the work to a sample of each index
 * (a few ms per index even at a million cases), so it is safe on the request
 * thread. PostgreSQL's autovacuum analyses changed tables itself; after a bulk
 * load it may not have yet, so the first run of a node analyses once.
 */
let analysedPostgres = false;
export async function refreshStatistics(db: Kysely<DB>, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`pragma analysis_limit = 1000`.execute(db);
    // A database never analysed gets a (sampled) ANALYZE; after that `pragma optimize` re-analyses
    // only the tables that changed much since, which is usually nothing (9 s against 0 at 1M cases).
    const analysed = await sql<{ n: number }>`select count(*) as n from sqlite_schema where name = 'sqlite_stat1'`.execute(db);
    if (Number(analysed.rows[0]?.n ?? 0) === 0) await sql`analyze`.execute(db);
    else await sql`pragma optimize`.execute(db);
    return;
  }
  if (analysedPostgres) return;
  await sql`analyze`.execute(db);
  analysedPostgres = true;
}

export const statisticsJob: Job = {
  name: 'statistics',
  everyMs: 60 * 60 * 1000,
  async run({ db, dialect }) {
    await refreshStatistics(db, dialect);
  },
};
