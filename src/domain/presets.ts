/**
 * The regulations that ship with the product, one JSON file per version in
 * `regulations/`. Parsed once at import; a broken preset fails loudly here and in
 * presets.test.ts.
 */
import utrechtV1 from '../../regulations/utrecht-buurtteams.v1.json' with { type: 'json' };
import utrechtV2 from '../../regulations/utrecht-buurtteams.v2.json' with { type: 'json' };
import stichtseVechtV1 from '../../regulations/stichtse-vecht.v1.json' with { type: 'json' };
import sthHelmondV1 from '../../regulations/sth-helmond.v1.json' with { type: 'json' };
import ondersteuningsteamV1 from '../../regulations/ondersteuningsteam.v1.json' with { type: 'json' };
import stadsring51V1 from '../../regulations/stadsring51.v1.json' with { type: 'json' };
import stadsring51V2 from '../../regulations/stadsring51.v2.json' with { type: 'json' };
import awbGemeenteV1 from '../../regulations/awb-gemeente.v1.json' with { type: 'json' };
import awbGemeenteV2 from '../../regulations/awb-gemeente.v2.json' with { type: 'json' };
import wkkgzV1 from '../../regulations/wkkgz.v1.json' with { type: 'json' };
import { parseRegulation, type Regulation } from './regulation.schema.ts';

export const PRESET_IDS = ['utrecht-buurtteams', 'stichtse-vecht', 'sth-helmond', 'ondersteuningsteam', 'stadsring51', 'awb-gemeente', 'wkkgz'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/** Every version of every preset, as written in the files (for the CLI and tests). */
export const presetFiles: readonly { file: string; data: unknown }[] = [
  { file: 'utrecht-buurtteams.v1.json', data: utrechtV1 },
  { file: 'utrecht-buurtteams.v2.json', data: utrechtV2 },
  { file: 'stichtse-vecht.v1.json', data: stichtseVechtV1 },
  { file: 'sth-helmond.v1.json', data: sthHelmondV1 },
  { file: 'ondersteuningsteam.v1.json', data: ondersteuningsteamV1 },
  { file: 'stadsring51.v1.json', data: stadsring51V1 },
  { file: 'stadsring51.v2.json', data: stadsring51V2 },
  { file: 'awb-gemeente.v1.json', data: awbGemeenteV1 },
  { file: 'awb-gemeente.v2.json', data: awbGemeenteV2 },
  { file: 'wkkgz.v1.json', data: wkkgzV1 },
];

const allVersions: readonly Regulation[] = presetFiles.map(({ file, data }) => {
  const parsed = parseRegulation(data);
  if (!parsed.ok) {
    throw new Error(`preset ${file} is invalid: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
  return Object.freeze(parsed.regulation);
});

/** The newest version of each preset, in PRESET_IDS order. */
export const presets: readonly Regulation[] = PRESET_IDS.map((id) => latest(id));

function latest(id: string): Regulation {
  const versions = allVersions.filter((r) => r.id === id);
  const newest = versions.reduce<Regulation | undefined>((a, r) => (!a || r.version > a.version ? r : a), undefined);
  if (!newest) throw new Error(`no preset file for ${id}`);
  return newest;
}

/**
 * A preset by id; the newest version unless `version` is given (a case keeps the
 * version it started under). Undefined when there is no such preset or version.
 */
export function getPreset(id: string, version?: number): Regulation | undefined {
  if (version === undefined) return presets.find((r) => r.id === id);
  return allVersions.find((r) => r.id === id && r.version === version);
}
