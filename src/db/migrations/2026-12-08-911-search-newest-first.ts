import { type Kysely, PostgresAdapter, sql } from 'kysely';

// SQLite's search index numbers its entries downwards: the newest case has the lowest rowid (issue
// 14). The work queue's search reads the index newest first, and FTS5 reads a list backwards far
// more slowly than forwards: in a query of two lists (an organisation's token and a word) it steps
// through the longer one entry by entry instead of skipping ahead. At 1M cases a common word in the
// smallest organisation took 0.31–0.43 ms to find a page's candidates backwards and 0.10–0.14 ms
// forwards. So the index is read in rowid order, and a new entry takes the rowid below the lowest
// (cases.service.ts, indexForSearch). The search cursor is a rowid: one handed out before this
// migration no longer points into the list (its next page comes back empty). PostgreSQL's search
// table has no rowid: nothing to do there. FTS5 cannot renumber in place, so the table is built again
// (26 s at 1.09M cases on this machine, once) and its segments merged.
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await rebuild(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await rebuild(db);
}

/** The table again with each rowid negated (so up and down are the same), inserted in the new rowid order. */
async function rebuild(db: Kysely<any>): Promise<void> {
  await sql`create virtual table case_search_new using fts5(case_id unindexed, scope, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5 8')`.execute(db);
  await sql`insert into case_search_new (rowid, case_id, scope, body) select -rowid, case_id, scope, body from case_search order by rowid desc`.execute(db);
  await sql`drop table case_search`.execute(db);
  await sql`alter table case_search_new rename to case_search`.execute(db);
  await sql`insert into case_search (case_search) values ('optimize')`.execute(db);
}
