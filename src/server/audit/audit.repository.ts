import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { newId, nowIso } from '../ids.ts';
import type { Actor } from '../auth/roles.ts';

export interface AuditInput {
  actor: Pick<Actor, 'userId' | 'email'> | null;
  ip: string | null;
  action: string;
  entityType?: string;
  entityId?: string;
  organisationId?: string | null;
  subject?: string;
  details?: Record<string, unknown>;
}

/**
 * Appends one entry. Pass the transaction that makes the change, so the
 * change and its audit entry commit or fail together. Details never hold
 * passwords, tokens or case content: only ids and field names.
 */
export async function appendAudit(db: Kysely<DB>, e: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: nowIso(),
      actor_user_id: e.actor?.userId ?? null,
      actor_email: e.actor?.email ?? null,
      ip: e.ip,
      action: e.action,
      entity_type: e.entityType ?? null,
      entity_id: e.entityId ?? null,
      organisation_id: e.organisationId ?? null,
      subject: e.subject ?? null,
      details: e.details ? JSON.stringify(e.details) : null,
    })
    .execute();
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
