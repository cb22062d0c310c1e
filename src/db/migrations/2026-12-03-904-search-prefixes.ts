import { type Kysely, PostgresAdapter, sql } from 'kysely';

// The search index of SQLite keeps prefixes of 3, 5 and 8 characters (issue 14). Without a prefix
// index of the prefix's own length FTS5 answers `"word"*` by merging the lists of every word with
// that start before the first hit: 36 ms for a common word at 1M cases, growing with the data.
// The search looks a word up by the longest kept prefix within it (src/domain/search.ts).
// FTS5 cannot add a prefix index to a table, so the table is built again with the same rowids
// (the search cursor is a rowid). At 1M cases this takes about 45 s, once. PostgreSQL searches
// whole (stemmed) words and is left as it is.
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create virtual table case_search_new using fts5(case_id unindexed, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5 8')`.execute(db);
  await sql`insert into case_search_new (rowid, case_id, body) select rowid, case_id, body from case_search`.execute(db);
  await sql`drop table case_search`.execute(db);
  await sql`alter table case_search_new rename to case_search`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`create virtual table case_search_old using fts5(case_id unindexed, body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  await sql`insert into case_search_old (rowid, case_id, body) select rowid, case_id, body from case_search`.execute(db);
  await sql`drop table case_search`.execute(db);
  await sql`alter table case_search_old rename to case_search`.execute(db);
}
