import { api } from '../../lib/api.ts';
import type { Page, Regulation, Team } from '../../lib/types.ts';

export async function fetchRegulations(signal?: AbortSignal): Promise<Regulation[]> {
  const body = await api<Regulation[] | Page<Regulation>>('/regulations', signal ? { signal } : {});
  return Array.isArray(body) ? body : body.items;
}

export async function fetchTeams(organisationId: string, signal?: AbortSignal): Promise<Team[]> {
  const page = await api<Page<Team>>(`/organisations/${encodeURIComponent(organisationId)}/teams`, signal ? { signal } : {});
  return page.items;
}

export function regulationLabel(regulations: Regulation[], id: string): string {
  const regulation = regulations.find((r) => r.id === id);
  return regulation ? regulation.name : id;
}
