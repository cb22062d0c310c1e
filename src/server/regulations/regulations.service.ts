import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { getPreset, presets, type Regulation } from '../../domain/index.ts';
import type { RegulationCatalog } from '../context.ts';

export interface RegulationSummary {
  id: string;
  name: string;
  version: number;
  /** null for a preset that ships with the product; else the organisation that owns this copy. */
  organisationId: string | null;
}

const presetById = new Map(presets.map((p) => [p.id, p]));
export const isPresetId = (id: string) => presetById.has(id);

/** The latest version of a regulation: a preset, or an organisation's own copy from the database. */
export async function getRegulation(db: Kysely<DB>, id: string, version?: number): Promise<{ regulation: Regulation; organisationId: string | null } | undefined> {
  if (presetById.has(id)) {
    // A case keeps the preset version it started under, also after a newer one ships.
    const preset = getPreset(id, version);
    return preset ? { regulation: preset, organisationId: null } : undefined;
  }
  let q = db.selectFrom('regulations').select(['data', 'organisation_id']).where('id', '=', id);
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
  const row = await q.executeTakeFirst();
  return row ? { regulation: JSON.parse(row.data) as Regulation, organisationId: row.organisation_id } : undefined;
}

export async function listRegulations(db: Kysely<DB>, organisationIds: string[] | 'all'): Promise<RegulationSummary[]> {
  const out: RegulationSummary[] = presets.map((p) => ({ id: p.id, name: p.name, version: p.version, organisationId: null }));
  if (organisationIds !== 'all' && organisationIds.length === 0) return out;
  let q = db
    .selectFrom('regulations as r')
    .select(['r.id', 'r.name', 'r.version', 'r.organisation_id'])
    .where('r.version', '=', (eb) => eb.selectFrom('regulations as r2').select((e) => e.fn.max('r2.version').as('v')).whereRef('r2.id', '=', 'r.id'))
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
