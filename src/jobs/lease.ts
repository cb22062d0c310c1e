import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Takes (or renews) the named lease when it is free, expired, or already ours.
 * One upsert statement, atomic on SQLite and PostgreSQL: with several app nodes
 * on one database, exactly one of them runs a job at a time.
 */
export async function acquireLease(db: Kysely<DB>, name: string, holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const nowIso = new Date(now).toISOString();
  const expires = new Date(now + ttlMs).toISOString();
  const row = await db
    .insertInto('job_leases')
    .values({ name, holder, expires_at: expires })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expires_at: expires })
        .where((eb) => eb.or([eb('job_leases.expires_at', '<', nowIso), eb('job_leases.holder', '=', holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLease(db: Kysely<DB>, name: string, holder: string): Promise<void> {
  await db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
}
