import type { Kysely } from 'kysely';

// An organisation's own regulation: a copy of a preset with changes, kept as
// numbered versions. A case keeps the version it started under, so versions
// are never changed or deleted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('regulations')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('base_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('regulations_pk', ['id', 'version'])
    .execute();
  await db.schema.createIndex('regulations_org').on('regulations').column('organisation_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('regulations').execute();
}
