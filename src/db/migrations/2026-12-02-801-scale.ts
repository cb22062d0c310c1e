import { type Kysely, sql } from 'kysely';

// Speed at real size (issue 14): indexes that fit each list filter, report and
// job query at a million cases, and the settling of deadlines of ended cases.
export async function up(db: Kysely<any>): Promise<void> {
  // A case that ended has nothing outstanding: until now a deadline it missed kept
  // done_on empty for ever and the case showed up as overdue. Settle those on the
  // day the case closed (the UTC date of closed_at: the day it was recorded).
  await sql`update case_deadlines set done_on = (select substr(c.closed_at, 1, 10) from cases c where c.id = case_deadlines.case_id)
    where done_on is null and case_id in (select id from cases where closed_at is not null)`.execute(db);
  await sql`update cases set next_due = null where closed_at is not null and next_due is not null`.execute(db);

  // The deadline monitor: what still needs an alert or a reminder, nothing else.
  await db.schema
    .createIndex('case_deadlines_to_alert')
    .on('case_deadlines')
    .columns(['due', 'case_id', 'idx'])
    .where(sql.ref('done_on'), 'is', null)
    .where(sql.ref('alerted_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('case_deadlines_to_remind')
    .on('case_deadlines')
    .columns(['due', 'case_id', 'idx'])
    .where(sql.ref('done_on'), 'is', null)
    .where(sql.ref('reminded_at'), 'is', null)
    .execute();
  // Oversight and trends: an organisation's deadlines by due date, counted by status from the index alone.
  await db.schema.createIndex('case_deadlines_org_due').on('case_deadlines').columns(['organisation_id', 'due', 'status']).execute();

  // Work-queue filters, each in the list's order (newest first), so a page reads ~limit index entries.
  await db.schema.createIndex('cases_org_status_id').on('cases').columns(['organisation_id', 'status', 'id']).execute();
  await db.schema.createIndex('cases_team_id').on('cases').columns(['team_id', 'id']).execute();
  // Open cases newest first, with next_due in the index: open=true and overdue=true without table lookups.
  await db.schema.createIndex('cases_open_org_id').on('cases').columns(['organisation_id', 'id', 'next_due']).where(sql.ref('closed_at'), 'is', null).execute();
  // Reports: an organisation's cases received in a period.
  await db.schema.createIndex('cases_org_received').on('cases').columns(['organisation_id', 'received_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of [
    'cases_org_received',
    'cases_open_org_id',
    'cases_team_id',
    'cases_org_status_id',
    'case_deadlines_org_due',
    'case_deadlines_to_remind',
    'case_deadlines_to_alert',
  ]) {
    await db.schema.dropIndex(i).execute();
  }
}
