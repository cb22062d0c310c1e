import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { presets } from '../../domain/index.ts';
import type { RegulationCatalog } from '../context.ts';

export interface RegulationSummary {
  id: string;
  name: string;
  version: number;
  /** null for a preset that ships with the product; else the organisation that owns this copy. */
  organisationId: string | null;
}

// Loading a regulation is a database concern the jobs share (src/db/regulations.ts).
export { getRegulation, isPresetId } from '../../db/regulations.ts';
import { getRegulation } from '../../db/regulations.ts';

export async function listRegulations(db: Kysely<DB>, organisationIds: string[] | 'all'): Promise<RegulationSummary[]> {
  const out: RegulationSummary[] = presets.map((p) => ({ id: p.id, name: p.name, version: p.version, organisationId: null }));
  if (organisationIds !== 'all' && organisationIds.length === 0) return out;
  let q = db
    .selectFrom('regulations as r')
    .select(['r.id', 'r.name', 'r.version', 'r.organisation_id'])
    .where('r.version', '=', (eb) =>
      eb
        .selectFrom('regulations as r2')
        .select((e) => e.fn.max('r2.version').as('v'))
        .whereRef('r2.id', '=', 'r.id'),
    )
    .orderBy('r.name');
  if (organisationIds !== 'all') q = q.where('r.organisation_id', 'in', organisationIds);
  for (const r of await q.execute()) out.push({ id: r.id, name: r.name, version: r.version, organisationId: r.organisation_id });
  return out;
}

export function createRegulationCatalog(db: Kysely<DB>): RegulationCatalog {
  return {
    list: () => listRegulations(db, 'all'),
    exists: async (id) => (await getRegulation(db, id)) !== undefined,
  };
}
