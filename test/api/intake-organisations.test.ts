import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisationLookup } from '../../src/server/cases/intake-organisations.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { setUpOrganisation } from '../helpers/world.ts';

// The public form reads the organisation it names at most once per interval per node [issue 14].

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the organisation of a public filing', () => {
  it('is read once per interval, by slug or id, without the logo; a change shows after the interval', async () => {
    const { org } = await setUpOrganisation(t, 'stadsring51');
    const lookup = createOrganisationLookup(t.database.db, 200);
    const first = await lookup('slug', org.slug);
    expect(first).toEqual({ id: org.id, name: org.name, slug: org.slug, regulation_id: 'stadsring51' });
    expect((await lookup('id', org.id))?.slug).toBe(org.slug);
    await t.database.db.updateTable('organisations').set({ name: 'Hernoemd Wijkteam' }).where('id', '=', org.id).execute();
    expect((await lookup('slug', org.slug))?.name).toBe(org.name);
    await sleep(250);
    expect((await lookup('slug', org.slug))?.name).toBe('Hernoemd Wijkteam');
    expect((await lookup('id', org.id))?.name).toBe('Hernoemd Wijkteam');
  });

  it('does not remember a name that matches no organisation: one made after is found at once', async () => {
    const lookup = createOrganisationLookup(t.database.db, 60_000);
    const { org } = await setUpOrganisation(t, 'stadsring51');
    const slug = `${org.slug}-nieuw`;
    expect(await lookup('slug', slug)).toBeUndefined();
    await t.database.db.updateTable('organisations').set({ slug }).where('id', '=', org.id).execute();
    expect((await lookup('slug', slug))?.id).toBe(org.id);
  });

  it('the public form answers an unknown organisation with a field error', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/cases',
      payload: { organisation: 'bestaat-niet', kind: 'compliment', description: 'Fijn geholpen door het wijkteam.' },
      remoteAddress: '10.79.0.1',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.details[0].path).toBe('organisation');
  });
});
