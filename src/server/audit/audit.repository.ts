import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import type { Actor } from '../auth/roles.ts';
import { entryHash, wellFormed } from './chain.ts';

export interface AuditInput {
  actor: (Pick<Actor, 'userId' | 'email'> & Partial<Pick<Actor, 'platformAdmin' | 'memberships'>>) | null;
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
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const row = wellFormed({
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
    seq: Number(head.seq),
    prev_hash: head.hash,
  });
  const hash = entryHash(row);
  await trx.insertInto('audit_log').values({ ...row, hash }).execute();
  await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
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
