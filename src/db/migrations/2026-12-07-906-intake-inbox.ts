import { sql, type Kysely } from 'kysely';

// Public intake in a burst (issue 14). A case writes about 77 pages at its commit: sixteen indexes
// on cases, deadlines, events, audit, outbox, the search index. The public form now acknowledges a
// filing once it is durable here, as one row holding everything decided about the case (its
// reference included), and the case itself is written from it moments later, many in one
// transaction (cases/intake-inbox.ts). A row leaves this table in the transaction that writes its
// case, so a case is written once, by whichever node claims it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('intake_inbox')
    // The case's own id (a UUIDv7: the table's order is the order of acknowledgement).
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    // The status link works before the case is written: a lookup by it writes the case first. No
    // index: the table holds a burst at most, and every index is another page in each commit.
    .addColumn('status_token_hash', 'text', (c) => c.notNull())
    // The plan (cases.service.ts IntakePlan) as JSON.
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  // The failing ones, for /healthz without reading the plans (empty unless a case could not be written).
  await db.schema.createIndex('intake_inbox_failing').on('intake_inbox').column('id').where(sql.ref('attempts'), '>', 0).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('intake_inbox').execute();
}
