import type { Kysely } from 'kysely';

// Transfer partners: the organisations a case (with its whole dossier) may be handed
// over to [001 §1D warm handover]. An administrator of the sending organisation names them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('transfer_partners')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('partner_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('transfer_partners_pk', ['organisation_id', 'partner_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('transfer_partners').execute();
}
