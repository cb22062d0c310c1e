import type { Kysely } from 'kysely';

// Confidants (vertrouwenspersonen) [issue 9 §2.8]: the complainant's recorded, revocable
// consent that someone they trust follows the case through a secret link (stored hashed),
// and the recommendations confidants make, counted in the annual report [issue 12].
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_confidants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('consent_on', 'text', (c) => c.notNull())
    .addColumn('consent_note', 'text')
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema.createIndex('case_confidants_case').on('case_confidants').column('case_id').execute();
  await db.schema
    .createTable('confidant_recommendations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('confidant_id', 'text', (c) => c.notNull().references('case_confidants.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    // Null when the confidant recorded it through the link.
    .addColumn('recorded_by', 'text')
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('confidant_recommendations_case').on('confidant_recommendations').column('case_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('confidant_recommendations').execute();
  await db.schema.dropTable('case_confidants').execute();
}
