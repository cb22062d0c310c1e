import { api } from '../../lib/api.ts';
import type { FullRegulation } from '../../lib/cases.ts';
import { fetchOrganisations } from '../../lib/organisations.ts';
import type { Organisation, Page, User } from '../../lib/types.ts';

const regulationCache = new Map<string, Promise<FullRegulation>>();

/** A regulation (a given version, or the latest); cached for the session: versions do not change. */
export function fetchRegulation(id: string, version?: number): Promise<FullRegulation> {
  const key = `${id}@${version ?? 'latest'}`;
  let p = regulationCache.get(key);
  if (!p) {
    p = api<FullRegulation>(`/regulations/${encodeURIComponent(id)}${version ? `?version=${version}` : ''}`);
    p.catch(() => regulationCache.delete(key));
    regulationCache.set(key, p);
  }
  return p;
}

export interface OrgContext {
  organisation: Organisation;
  regulation: FullRegulation;
}

/** The organisations the user works for, each with the regulation in force. */
export async function fetchMyOrganisations(user: User, signal?: AbortSignal): Promise<OrgContext[]> {
  const mine = new Set(user.memberships.map((m) => m.organisationId));
  const orgs = (await fetchOrganisations(signal)).filter((o) => mine.has(o.id) || (user.platformAdmin && mine.size === 0));
  const out: OrgContext[] = [];
  for (const organisation of orgs) {
    out.push({ organisation, regulation: await fetchRegulation(organisation.regulationId) });
  }
  return out;
}

/** All organisations the user can see (transfer targets). */
/** The organisations a case of `organisationId` may be transferred to (named by its administrator). */
export async function fetchTransferPartners(organisationId: string, signal?: AbortSignal): Promise<Pick<Organisation, 'id' | 'name'>[]> {
  const page = await api<Page<Pick<Organisation, 'id' | 'name'>>>(`/organisations/${encodeURIComponent(organisationId)}/transfer-partners`, signal ? { signal } : {});
  return page.items;
}

/** Colleagues a case can be assigned to: the organisation's members. */
export { fetchMembers as fetchColleagues } from '../../lib/members.ts';
