import { api } from './api.ts';
import type { Organisation, Page } from './types.ts';

/** The organisations the user may see, by name (for pickers and filters). */
export async function fetchOrganisations(signal?: AbortSignal): Promise<Organisation[]> {
  const page = await api<Page<Organisation>>('/organisations', signal ? { signal } : {});
  return [...page.items].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}
