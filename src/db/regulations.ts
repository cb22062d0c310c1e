import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { getPreset, presets, reportDueDates, type Regulation } from '../domain/index.ts';

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

/** The municipality's due dates for its providers' half-year reports [001 art. 11.1], from its own regulation. */
export async function halfYearDueDates(db: Kysely<DB>, municipalityId: string, year: number): Promise<{ half: 1 | 2; lastDay: string; source: string }[]> {
  const org = await db.selectFrom('organisations').select('regulation_id').where('id', '=', municipalityId).executeTakeFirst();
  const reg = org ? (await getRegulation(db, org.regulation_id))?.regulation : undefined;
  if (!reg) return [];
  const dues = reportDueDates(reg, year).filter((d) => d.period === 'half-year' && d.to === 'municipality');
  return dues.slice(0, 2).map((d, i) => ({ half: (i + 1) as 1 | 2, lastDay: d.lastDay, source: d.source }));
}
