import type { Kysely } from 'kysely';

// One complaints committee for several organisations (issue 9 §2.4). A committee is
// managed by the installation's administrators or by one organisation's admins; it serves
// an organisation only after that organisation's admin accepted the committee's
// invitation, naming the level of its regulation the committee handles. Cases stay
// in their own organisation; a referral records that a case reached the committee.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('committees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('managing_organisation_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('regulation_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('committee_organisations')
    .addColumn('committee_id', 'text', (c) => c.notNull().references('committees.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('level_id', 'text')
    .addColumn('invited_by', 'text')
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('left_at', 'text')
    .addPrimaryKeyConstraint('committee_organisations_pk', ['committee_id', 'organisation_id'])
    .execute();
  await db.schema.createIndex('committee_organisations_org').on('committee_organisations').columns(['organisation_id', 'status']).execute();
  await db.schema
    .createTable('committee_members')
    .addColumn('committee_id', 'text', (c) => c.notNull().references('committees.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('appointed_by', 'text')
    .addColumn('appointed_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addPrimaryKeyConstraint('committee_members_pk', ['committee_id', 'user_id'])
    .execute();
  await db.schema.createIndex('committee_members_user').on('committee_members').column('user_id').execute();
  await db.schema
    .createTable('committee_referrals')
    .addColumn('committee_id', 'text', (c) => c.notNull().references('committees.id'))
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('referred_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('committee_referrals_pk', ['committee_id', 'case_id', 'level'])
    .execute();
  await db.schema.createIndex('committee_referrals_case').on('committee_referrals').column('case_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('committee_referrals').execute();
  await db.schema.dropTable('committee_members').execute();
  await db.schema.dropTable('committee_organisations').execute();
  await db.schema.dropTable('committees').execute();
}
