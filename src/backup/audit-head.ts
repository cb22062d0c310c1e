import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

export interface AuditHead {
  /** Entries in the audit log. */
  count: number;
  /** The newest entry's id (UUIDv7, so the largest). */
  lastId: string | null;
  /** sha256 over the newest entry's columns (keys sorted), so a restored log must end in the same entry. */
  head: string | null;
}

/**
 * The head of the audit log as the backup manifest records it. Until the audit
 * hash chain exists this is the count and a hash of the last row; swap it for
 * the chain's head (its `auditHead`) when that is merged.
 */
export async function auditHead(db: Kysely<any>): Promise<AuditHead> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from audit_log`.execute(db);
  const last = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  return {
    count: Number(rows[0]!.n),
    lastId: last ? String(last.id) : null,
    head: last ? createHash('sha256').update(canonicalRow(last)).digest('hex') : null,
  };
}

function canonicalRow(row: Record<string, unknown>): string {
  const keys = Object.keys(row).sort();
  const value = (v: unknown) => (v === null || v === undefined ? null : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v instanceof Date ? v.toISOString() : String(v));
  return JSON.stringify(keys.map((k) => [k, value(row[k])]));
}
