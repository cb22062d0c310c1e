import { type Kysely, sql } from 'kysely';

// overdue=true at size (issue 14). An open case is overdue when next_due < today, a condition that
// changes with the date and so cannot be an index's condition. The list read the organisation's open
// cases newest first and skipped those not yet due: at 1M cases the largest organisation had 21,000
// open cases not yet due above its newest overdue ones (2.5 ms a page, 45 ms p95 at 16 concurrent).
// overdue_marked is a hint kept by the deadline monitor: 1 once next_due has passed, 0 again whenever
// next_due is written. The list reads the marked open cases newest first from one partial index and
// the passed but not yet marked ones by due date from another, and checks next_due < today in both,
// so a stale or missing mark costs time, never a wrong answer.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('overdue_marked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  await sql`update cases set overdue_marked = 1 where closed_at is null and next_due < ${today}`.execute(db);
  await db.schema
    .createIndex('cases_overdue_org_id')
    .on('cases')
    .columns(['organisation_id', 'id', 'next_due'])
    .where(sql.ref('closed_at'), 'is', null)
    .where(sql.ref('overdue_marked'), '=', 1)
    .execute();
  // The list's unmarked part (one organisation, by date) and the deadline monitor's marking (every
  // organisation, by date). With next_due first, sampled statistics made SQLite skip-scan every due
  // date for the organisation (1.5 ms a page at 1M cases) instead of reading the range.
  await db.schema
    .createIndex('cases_unmarked_due')
    .on('cases')
    .columns(['organisation_id', 'next_due'])
    .where(sql.ref('closed_at'), 'is', null)
    .where(sql.ref('overdue_marked'), '=', 0)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_unmarked_due').execute();
  await db.schema.dropIndex('cases_overdue_org_id').execute();
  await db.schema.alterTable('cases').dropColumn('overdue_marked').execute();
}
