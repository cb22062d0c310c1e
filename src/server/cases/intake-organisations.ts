import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { INTAKE_ORGANISATION_COLUMNS, type IntakeOrganisation } from './cases.service.ts';

/** How many organisations a node remembers; far more than one installation serves. */
const MAX_REMEMBERED = 1000;

/**
 * The organisation a public filing names, read at most once per `ttlMs` per organisation and node:
 * in a burst of filings on PostgreSQL this read was one of an acknowledgement's three round trips
 * (issue 14). A change to an organisation (its name, its regulation) reaches the form within that
 * time, as if the filing had come that much earlier. A name that matches no organisation is not
 * remembered, so guesses take no memory and a new organisation is found at once.
 */
export function createOrganisationLookup(db: Kysely<DB>, ttlMs = 1000) {
  const remembered = new Map<string, { until: number; row: IntakeOrganisation }>();
  return async (by: 'id' | 'slug', value: string): Promise<IntakeOrganisation | undefined> => {
    const key = `${by}:${value}`;
    const now = Date.now();
    const known = remembered.get(key);
    if (known && known.until > now) return known.row;
    const row = await db.selectFrom('organisations').select(INTAKE_ORGANISATION_COLUMNS).where(by, '=', value).executeTakeFirst();
    if (!row) remembered.delete(key);
    else {
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.set(key, { until: now + ttlMs, row });
    }
    return row;
  };
}
