import { type Kysely, PostgresAdapter, sql } from 'kysely';

// PostgreSQL's search keeps each case's Dutch tsvector (issue 14). The list tests the newest cases of
// an organisation one by one for the words (an EXISTS per case, in the list's order), and with only
// an index on the expression each test built the vector from the text again: 0.135 ms a case, 7 ms
// for a page of a common word at 10k cases, 89 ms p95 at 16 concurrent. Stored, a test reads it. The
// column is computed by PostgreSQL on every insert; adding it rewrites the table once (about a
// minute at 1M cases). SQLite's FTS5 index is left as it is.
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table case_search add column tsv tsvector generated always as (to_tsvector('dutch', body)) stored`.execute(db);
  await sql`create index case_search_tsv on case_search using gin (tsv)`.execute(db);
  await sql`drop index case_search_fts`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create index case_search_fts on case_search using gin (to_tsvector('dutch', body))`.execute(db);
  await sql`alter table case_search drop column tsv`.execute(db);
}
