import type { Kysely } from 'kysely';

// Learning and oversight: improvement measures that follow from
// recommendations [001 §9.IV–V, 002 §9.4, 004 §9], and the half-year reports
// a provider delivers to its municipality [001 art. 11.1].
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('measures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('recommendation', 'text')
    .addColumn('owner_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text')
    .addColumn('done_on', 'text')
    .addColumn('reminded_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('measures_org').on('measures').columns(['organisation_id', 'state', 'due_on']).execute();

  await db.schema
    .createTable('report_deliveries')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('half', 'integer', (c) => c.notNull())
    .addColumn('delivered_at', 'text', (c) => c.notNull())
    .addColumn('delivered_by', 'text')
    .addColumn('report', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_deliveries_pk', ['organisation_id', 'year', 'half'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_deliveries').execute();
  await db.schema.dropTable('measures').execute();
}
