import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { appendAudit } from '../core/audit/audit.repository.ts';
import { hashPassword, randomPassword } from '../core/passwords.ts';
import { newId, nowIso } from '../core/ids.ts';
import { normaliseEmail } from './users/users.repository.ts';

export interface FirstAdmin {
  email: string;
  /** Set only when the password was generated here: shown once, never stored in clear. */
  generatedPassword: string | null;
}

/**
 * When the database has no users yet, creates the first platform admin from
 * ADMIN_EMAIL/ADMIN_PASSWORD, or with a random password. Two nodes starting
 * at once on one database: the unique e-mail lets only one insert win.
 */
export async function ensureFirstAdmin(db: Kysely<DB>, email: string | undefined, password: string | undefined): Promise<FirstAdmin | null> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const generated = password ? null : randomPassword();
  const adminEmail = normaliseEmail(email ?? 'admin@klachtwijzer.local');
  const hash = await hashPassword(password ?? generated!);
  const now = nowIso();
  const id = newId();
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({ id, email: adminEmail, name: 'Beheerder', password_hash: hash, platform_admin: 1, active: 1, created_at: now, updated_at: now })
        .execute();
      await appendAudit(trx, { actor: null, actorRole: 'system', ip: null, action: 'user.first-admin-created', entityType: 'user', entityId: id, subject: adminEmail });
    });
  } catch (err) {
    // Another node created the first admin at the same moment.
    if (await db.selectFrom('users').select('id').where('email', '=', adminEmail).executeTakeFirst()) return null;
    throw err;
  }
  return { email: adminEmail, generatedPassword: generated };
}
