import type { Kysely } from 'kysely';
import type { DB, OrganisationRow } from '../../db/schema.ts';

export interface OrganisationDto {
  id: string;
  name: string;
  slug: string;
  regulationId: string;
  parentId: string | null;
  /** The overseeing municipality's name, for "deliver to …". */
  parentName: string | null;
  address: { street: string | null; postalCode: string | null; city: string | null };
  email: string | null;
  phone: string | null;
  website: string | null;
  /** The public pages' look: logo as a data: URI, brand colour #rrggbb. */
  branding: { logo: string | null; color: string | null };
  createdAt: string;
}

export function toOrganisationDto(r: OrganisationRow & { parent_name?: string | null }): OrganisationDto {
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    regulationId: r.regulation_id,
    parentId: r.parent_id,
    parentName: r.parent_name ?? null,
    address: { street: r.street, postalCode: r.postal_code, city: r.city },
    email: r.email,
    phone: r.phone,
    website: r.website,
    branding: { logo: r.logo ?? null, color: r.brand_color ?? null },
    createdAt: r.created_at,
  };
}

export async function getOrganisation(db: Kysely<DB>, id: string): Promise<(OrganisationRow & { parent_name: string | null }) | undefined> {
  return db
    .selectFrom('organisations as o')
    .leftJoin('organisations as p', 'p.id', 'o.parent_id')
    .selectAll('o')
    .select('p.name as parent_name')
    .where('o.id', '=', id)
    .executeTakeFirst();
}

/** 'Sociale Teams Helmond' → 'sociale-teams-helmond'; a taken slug gets -2, -3, … */
export async function uniqueSlug(db: Kysely<DB>, wanted: string): Promise<string> {
  const base =
    wanted
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'organisatie';
  const taken = new Set((await db.selectFrom('organisations').select('slug').where('slug', 'like', `${base}%`).execute()).map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The ids of an organisation's ancestors, nearest first (guards against cycles). */
export async function ancestorsOf(db: Kysely<DB>, id: string): Promise<string[]> {
  const out: string[] = [];
  let current: string | null = id;
  while (current) {
    const row: { parent_id: string | null } | undefined = await db.selectFrom('organisations').select('parent_id').where('id', '=', current).executeTakeFirst();
    current = row?.parent_id ?? null;
    if (current) {
      if (out.includes(current)) break;
      out.push(current);
    }
  }
  return out;
}
