import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** Tables whose rows the runtime role may only add: the audit trail and its checkpoints. */
const APPEND_ONLY = ['audit_log', 'audit_checkpoints'] as const;

/**
 * PostgreSQL, run as the owner after migrating: the runtime role may read and
 * write the application's tables, but on the audit trail only SELECT and
 * INSERT. It owns nothing, so it can neither TRUNCATE, ALTER (DISABLE TRIGGER)
 * nor DROP. Idempotent: main.ts runs it at every start with MIGRATION_DATABASE_URL.
 */
export async function grantRuntimeRole(db: Kysely<DB>, role: string): Promise<void> {
  const r = sql.id(role);
  await sql`grant usage on schema public to ${r}`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to ${r}`.execute(db);
  await sql`grant usage, select on all sequences in schema public to ${r}`.execute(db);
  await sql`revoke truncate, references, trigger on all tables in schema public from ${r}`.execute(db);
  for (const t of APPEND_ONLY) await sql`revoke update, delete, truncate on ${sql.table(t)} from ${r}`.execute(db);
  // The migration bookkeeping is the owner's.
  await sql`revoke insert, delete on kysely_migration from ${r}`.execute(db);
}

/** The user name in a postgres:// URL (the role the application connects as). */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}
