import type { Kysely } from 'kysely';

// Exactly once where it matters: a public intake repeated with the same
// Idempotency-Key gets the first answer; an outbox row is claimed by one sender
// before it is sent; undeliverable mail ends as 'failed' and is shown and alerted.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute();

  await db.schema.alterTable('outbox').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('claimed_until', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('failed_at', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('purpose', 'text').execute();
  await db.schema.createIndex('outbox_failed').on('outbox').columns(['organisation_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_failed').execute();
  for (const c of ['purpose', 'failed_at', 'claimed_until', 'claimed_by']) await db.schema.alterTable('outbox').dropColumn(c).execute();
  await db.schema.dropTable('idempotency_keys').execute();
}
