import { api } from './api.ts';
import type { Member } from './types.ts';

const cache = new Map<string, Promise<Member[]>>();

/**
 * Colleagues in an organisation, for pickers (handler, a measure's owner) and
 * to show names instead of ids. Cached for the page's life; oversight users
 * get no list (the API answers 404) and see an empty one.
 */
export function fetchMembers(organisationId: string): Promise<Member[]> {
  let p = cache.get(organisationId);
  if (!p) {
    p = api<{ items: Member[] }>(`/organisations/${encodeURIComponent(organisationId)}/members`).then(
      (r) => r.items,
      () => {
        cache.delete(organisationId);
        return [];
      },
    );
    cache.set(organisationId, p);
  }
  return p;
}

/** Forget cached lists (after an admin changed memberships, say). */
export function clearMembers(): void {
  cache.clear();
}
