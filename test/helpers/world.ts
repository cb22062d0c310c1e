import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import { unique } from './app.ts';

/** Creates an organisation under a regulation and people with roles in it, through the API. */
export async function setUpOrganisation(t: TestApp, regulationId: string, roles: string[] = ['complaints-officer'], extra: Record<string, unknown> = {}) {
  const orgRes = await t.app.inject({
    method: 'POST',
    url: '/api/v1/organisations',
    headers: { cookie: t.adminCookie },
    payload: {
      name: unique(`Org ${regulationId}`),
      regulationId,
      address: { street: 'Stadsring 51', postalCode: '3811 HN', city: 'Amersfoort' },
      email: 'klachten@example.org',
      ...extra,
    },
  });
  expect(orgRes.statusCode, orgRes.body).toBe(201);
  const org = orgRes.json() as { id: string; slug: string; name: string };
  const people: Record<string, { id: string; email: string; password: string; cookie: string; name: string }> = {};
  for (const [i, role] of roles.entries()) {
    const email = `${unique(role)}@example.org`.toLowerCase();
    const password = 'a-long-password-1';
    const name = `${role} ${i}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: t.adminCookie },
      payload: { email, name, password, memberships: [{ organisationId: org.id, role }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const key = people[role] ? `${role}-${i}` : role;
    people[key] = { id: res.json().id, email, password, name, cookie: await t.login(email, password) };
  }
  return { org, people };
}

export async function post(t: TestApp, url: string, cookie: string, payload: unknown) {
  return t.app.inject({ method: 'POST', url, headers: { cookie }, payload: payload as object });
}

export async function get(t: TestApp, url: string, cookie: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie } });
}
