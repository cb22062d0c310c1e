import { type Kysely, PostgresAdapter, sql } from 'kysely';

// PostgreSQL's search by a rare word at 1M cases (issue 14): 14 ms a page at one request and 143 ms
// p95 at 16, for a word in 15 cases. Two causes, both in how the GIN index of case_search is kept:
// - A word outside the statistics' most common elements is estimated at half the least common
//   one's frequency. With the default target (100) that was 0.19 %: 1,929 rows for 15. The planner
//   then read the hits by bitmap in a parallel worker (about 7 ms to start one) or, with workers
//   off, walked the whole index newest first (0.6–5.5 s). With 1000 it keeps ~3,500 elements and
//   estimates 49: a plain bitmap scan, 0.25 ms.
// - GIN's fast update parks new entries in a pending list of up to 4 MB, which every search reads
//   from start to end: 395 pages after one benchmark's intake, 5 ms of each search. Without it
//   an insert updates the index itself: 0.064 instead of 0.035 ms a case here.
// ANALYZE of case_search takes about 2 s at 1M cases with the higher target.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table case_search alter column tsv set statistics 1000`.execute(db);
  await sql`alter index case_search_tsv set (fastupdate = off)`.execute(db);
  // Entries already pending move into the index now (the setting only stops new ones).
  await sql`select gin_clean_pending_list('case_search_tsv'::regclass)`.execute(db);
  await sql`analyze case_search`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter index case_search_tsv reset (fastupdate)`.execute(db);
  await sql`alter table case_search alter column tsv set statistics -1`.execute(db);
}
