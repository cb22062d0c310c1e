import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Reports at real size (issue 14). The counts of an organisation's closed cases
// received in a month are kept (report_tallies) and added to later reports
// instead of reading those cases again. Whether kept counts are still true is
// told by report_months.generation: triggers raise it whenever something a
// report counts of a closed case changes (the case row, its deadlines, its
// confidant or their recommendations), whichever code path or tool wrote it.
// A report stores counts with the generation it read before it read the cases,
// so a change committed meanwhile makes them stale, never wrongly fresh.
// Open cases are not kept: their deadlines depend on today.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_months')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull()) // YYYY-MM of received_on
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_months_pk', ['organisation_id', 'month'])
    .execute();
  await db.schema
    .createTable('report_tallies')
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    /** JSON: the domain's TallyCounts of the month's closed cases, and referral route labels. */
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_tallies_pk', ['organisation_id', 'month'])
    .execute();
  // The open cases of a period, read live by every report: a small index, not a scan of the period.
  // The measures open in a period, from the index alone (22k rows of one organisation at 1M: 66 ms read from the table).
  await db.schema.createIndex('measures_report').on('measures').columns(['organisation_id', 'created_at', 'done_on', 'state', 'due_on']).execute();
  await db.schema.createIndex('cases_open_received').on('cases').columns(['organisation_id', 'received_on']).where(sql.ref('closed_at'), 'is', null).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function kw_bump_report_month(org text, received text) returns void language sql as $$
      insert into report_months (organisation_id, month, generation) values (org, substr(received, 1, 7), 1)
      on conflict (organisation_id, month) do update set generation = report_months.generation + 1 $$`.execute(db);
    await sql`create function kw_cases_report_month() returns trigger language plpgsql as $$ begin
      if tg_op <> 'INSERT' and old.closed_at is not null then perform kw_bump_report_month(old.organisation_id, old.received_on); end if;
      if tg_op <> 'DELETE' and new.closed_at is not null then perform kw_bump_report_month(new.organisation_id, new.received_on); end if;
      return null; end $$`.execute(db);
    // Rows that belong to a case: bump its month when the case is closed.
    await sql`create function kw_case_child_report_month() returns trigger language plpgsql as $$ declare cid text; begin
      if tg_op = 'DELETE' then cid := old.case_id; else cid := new.case_id; end if;
      perform kw_bump_report_month(c.organisation_id, c.received_on) from cases c where c.id = cid and c.closed_at is not null;
      if tg_op = 'UPDATE' and old.case_id <> new.case_id then
        perform kw_bump_report_month(c.organisation_id, c.received_on) from cases c where c.id = old.case_id and c.closed_at is not null;
      end if;
      return null; end $$`.execute(db);
    await sql`create trigger cases_report_month after insert or update or delete on cases for each row execute function kw_cases_report_month()`.execute(db);
    for (const t of CHILDREN) {
      await sql`create trigger ${sql.raw(`${t}_report_month`)} after insert or update or delete on ${sql.table(t)} for each row execute function kw_case_child_report_month()`.execute(
        db,
      );
    }
    return;
  }
  const bump = (org: string, received: string) =>
    `insert into report_months (organisation_id, month, generation) values (${org}, substr(${received}, 1, 7), 1)
     on conflict (organisation_id, month) do update set generation = generation + 1;`;
  await sql
    .raw(`create trigger cases_report_month_insert after insert on cases when new.closed_at is not null begin ${bump('new.organisation_id', 'new.received_on')} end`)
    .execute(db);
  await sql
    .raw(
      `create trigger cases_report_month_update after update on cases when old.closed_at is not null or new.closed_at is not null begin
       ${bump('old.organisation_id', 'old.received_on')} ${bump('new.organisation_id', 'new.received_on')} end`,
    )
    .execute(db);
  await sql
    .raw(`create trigger cases_report_month_delete after delete on cases when old.closed_at is not null begin ${bump('old.organisation_id', 'old.received_on')} end`)
    .execute(db);
  const childBump = (ref: 'new' | 'old') =>
    `insert into report_months (organisation_id, month, generation)
       select organisation_id, substr(received_on, 1, 7), 1 from cases where id = ${ref}.case_id and closed_at is not null and true
     on conflict (organisation_id, month) do update set generation = generation + 1;`;
  for (const t of CHILDREN) {
    await sql.raw(`create trigger ${t}_report_month_insert after insert on ${t} begin ${childBump('new')} end`).execute(db);
    await sql.raw(`create trigger ${t}_report_month_update after update on ${t} begin ${childBump('old')} ${childBump('new')} end`).execute(db);
    await sql.raw(`create trigger ${t}_report_month_delete after delete on ${t} begin ${childBump('old')} end`).execute(db);
  }
}

const CHILDREN = ['case_deadlines', 'case_confidants', 'confidant_recommendations'] as const;

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger if exists cases_report_month on cases`.execute(db);
    for (const t of CHILDREN) await sql`drop trigger if exists ${sql.raw(`${t}_report_month`)} on ${sql.table(t)}`.execute(db);
    await sql`drop function if exists kw_case_child_report_month()`.execute(db);
    await sql`drop function if exists kw_cases_report_month()`.execute(db);
    await sql`drop function if exists kw_bump_report_month(text, text)`.execute(db);
  } else {
    for (const t of ['cases', ...CHILDREN]) for (const op of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists ${t}_report_month_${op}`).execute(db);
  }
  await db.schema.dropIndex('cases_open_received').execute();
  await db.schema.dropIndex('measures_report').execute();
  await db.schema.dropTable('report_tallies').execute();
  await db.schema.dropTable('report_months').execute();
}
