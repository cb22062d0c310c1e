import { type Kysely, PostgresAdapter, sql } from 'kysely';

// SQLite's search index holds each case's organisation as a token, in a column of its own (issue
// 14). The work queue's search walks the index newest first and joined every entry to its case to
// keep the searcher's organisations: an organisation with 1 % of the cases paid for the newer
// entries of all the others (105 ms for a common word at 1M cases, 0.5 ms with the token). The
// list asks the index for the organisation's entries where they are a small share (cases.routes.ts).
// FTS5 cannot add a column, so the table is built again with the same rowids (the search cursor is a
// rowid): about 45 s at 1M cases, once. PostgreSQL searches the organisation's own cases; it gets the
// column only so that one insert serves both.
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table case_search add column scope text`.execute(db);
    return;
  }
  await sql`create virtual table case_search_new using fts5(case_id unindexed, scope, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5 8')`.execute(db);
  await sql`insert into case_search_new (rowid, case_id, scope, body)
    select s.rowid, s.case_id, 'o' || lower(replace(c.organisation_id, '-', '')), s.body from case_search s join cases c on c.id = s.case_id`.execute(db);
  await sql`drop table case_search`.execute(db);
  await sql`alter table case_search_new rename to case_search`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table case_search drop column scope`.execute(db);
    return;
  }
  await sql`create virtual table case_search_old using fts5(case_id unindexed, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '3 5 8')`.execute(db);
  await sql`insert into case_search_old (rowid, case_id, body) select rowid, case_id, body from case_search`.execute(db);
  await sql`drop table case_search`.execute(db);
  await sql`alter table case_search_old rename to case_search`.execute(db);
}
