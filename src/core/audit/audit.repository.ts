import type { Kysely } from 'kysely';
import type { AuditLogTable, DB } from '../../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import { entryHash, wellFormed } from './chain.ts';

/** Who acts, as far as the audit log needs to know (the server's Actor fits). */
export interface AuditActor {
  userId: string;
  email: string;
  platformAdmin?: boolean;
  memberships?: readonly { organisationId: string; role: string }[];
}

export interface AuditInput {
  actor: AuditActor | null;
  /** The actor's role; derived from the actor's memberships in organisationId when not given. */
  actorRole?: string | null;
  ip: string | null;
  action: string;
  entityType?: string;
  entityId?: string;
  organisationId?: string | null;
  subject?: string;
  details?: Record<string, unknown>;
}

/** The role an actor acts in: their role(s) in the organisation concerned, else platform admin, else all their roles. */
export function roleOf(actor: AuditInput['actor'], organisationId: string | null | undefined): string | null {
  if (!actor) return null;
  if (actor.userId.startsWith('complainant:')) return 'complainant';
  const ms = actor.memberships ?? [];
  const inOrg = organisationId ? [...new Set(ms.filter((m) => m.organisationId === organisationId).map((m) => m.role))] : [];
  if (inOrg.length) return inOrg.sort().join('+');
  if (actor.platformAdmin) return 'platform-admin';
  const all = [...new Set(ms.map((m) => m.role))].sort();
  return all.length ? all.join('+') : null;
}

/**
 * Appends one entry to the hash chain. Pass the transaction that makes the
 * change, so the change and its audit entry commit or fail together (without
 * one, the entry gets its own). Details never hold passwords, tokens or case
 * content: only ids and field names.
 *
 * The head row is updated first: on PostgreSQL that row lock holds every
 * other append until this transaction ends (one linear chain across nodes);
 * on SQLite the write lock does. Append late in a transaction: the lock is
 * held until commit.
 */
export async function appendAudit(db: Kysely<DB>, e: AuditInput): Promise<void> {
  if (db.isTransaction) return appendChained(db, e);
  return db.transaction().execute((trx) => appendChained(trx, e));
}

async function appendChained(trx: Kysely<DB>, e: AuditInput): Promise<void> {
  await chainEntries(trx, [auditEntry(e)]);
}

/** An entry's content before it takes its place in the chain. */
export type AuditEntry = Omit<AuditLogTable, 'seq' | 'prev_hash' | 'hash'>;

/** The entry as it will be stored, its time and role fixed now (a batched read entry is chained later). */
export function auditEntry(e: AuditInput): AuditEntry {
  return {
    id: newId(),
    at: nowIso(),
    actor_user_id: e.actor?.userId ?? null,
    actor_email: e.actor?.email ?? null,
    actor_role: e.actorRole !== undefined ? e.actorRole : roleOf(e.actor, e.organisationId),
    ip: e.ip,
    action: e.action,
    entity_type: e.entityType ?? null,
    entity_id: e.entityId ?? null,
    organisation_id: e.organisationId ?? null,
    subject: e.subject ?? null,
    details: e.details ? JSON.stringify(e.details) : null,
  };
}

/**
 * Chains entries in their order inside the caller's transaction: one head
 * update claims their places (and holds the chain until commit), then the
 * rows go in with as few statements as the dialect allows.
 */
export async function chainEntries(trx: Kysely<DB>, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', entries.length) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  let seq = Number(head.seq) - entries.length;
  let prev = head.hash;
  const rows = entries.map((entry) => {
    const row = wellFormed({ ...entry, seq: ++seq, prev_hash: prev });
    prev = entryHash(row);
    return { ...row, hash: prev };
  });
  // In statements of a power of two rows, at most 128 (15 columns a row: far below SQLite's
  // bound-variable limit). Each distinct row count is another prepared statement, which the
  // statement cache (src/db/database.ts) keeps: with a batch's size as it came, the read batches
  // made up to 200 of them, 33 MB of SQLite's memory that grew with the server's uptime (issue 14).
  for (let i = 0; i < rows.length; ) {
    const n = 2 ** Math.min(7, Math.floor(Math.log2(rows.length - i)));
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + n))
      .execute();
    i += n;
  }
  await trx.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
}

/** The chain's head: how many entries were ever appended and the last one's hash (for backup manifests). */
export async function auditHead(db: Kysely<DB>): Promise<{ count: number; hash: string }> {
  const h = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { count: Number(h.seq), hash: h.hash };
}

export async function countRecent(db: Kysely<DB>, subject: string, action: string, sinceIso: string): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('subject', '=', subject)
    .where('action', '=', action)
    .where('at', '>', sinceIso)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
