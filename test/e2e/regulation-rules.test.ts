import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from './server.ts';
import { newPage } from './browser.ts';
import { expectAccessible } from './axe.ts';
import { login, ready, startStories } from './stories.ts';
import type { StoryEnv } from './stories.ts';

/**
 * Rules of a regulation written for this test, in the browser.
 * Issue 12, level by domain, on the public form: the citizen says what the complaint is
 * about; formal handling at once is offered only where the regulation allows it for that
 * domain (the Wmo here, not youth care), and intake puts the complaint at the right level.
 * Issue 9 §2.10: where the regulation reopens only with new facts, the reopen form asks them.
 */
let env: StoryEnv;
let server: TestServer;
let browser: Browser;
const officer = { name: 'Sara Koster', email: 'sara@domeinen.test' };
const admin = { name: 'Beheer Domeinen', email: 'beheer@domeinen.test' };
let orgId = '';

const level = (id: string, name: string, extra: Record<string, unknown>) => ({
  id,
  name,
  handlerRole: 'complaints-officer',
  kinds: ['complaint'],
  terms: { decision: { length: 6, unit: 'weeks', from: 'received', source: 'Regeling art. 5' } },
  source: `Regeling ${id}`,
  ...extra,
});

beforeAll(async () => {
  env = await startStories();
  ({ server, browser } = env);
  orgId = (await env.org('Sociaal Team Domeinen', 'domeinen', 'awb-gemeente', { email: 'klachten@domeinen.test' })).id;
  await env.user(admin, orgId, 'admin');
  await env.user(officer, orgId, 'complaints-officer');
  const client = await env.as(admin);
  await client.request('POST', '/regulations', {
    organisationId: orgId,
    adopt: true,
    regulation: {
      id: 'domeinen-regeling',
      version: 1,
      name: 'Klachtenregeling met domeinen',
      organisationType: 'other',
      kinds: [{ kind: 'complaint', source: 'Regeling art. 1' }],
      domains: [
        { id: 'wmo', name: 'Wmo en ondersteuning', source: 'Regeling art. 1 sub d' },
        { id: 'youth-care', name: 'Jeugdhulp', source: 'Regeling art. 1 sub e' },
      ],
      levels: [
        level('informal', 'Gesprek vooraf', { informal: true, domains: ['wmo'], escalatesTo: ['formal'] }),
        level('formal', 'Formele behandeling', { entry: false, entryOnRequest: true, domains: ['wmo'] }),
        level('youth', 'Klachtbehandeling jeugdhulp', { domains: ['youth-care'] }),
      ],
      categories: [{ id: 'other', name: 'Overig', source: 'Regeling art. 1' }],
      reopening: { onlyWithNewFacts: true, source: 'Regeling art. 11' },
    },
  });
}, 120_000);

afterAll(async () => {
  await env?.stop();
});

describe('the public form and domains (issue 12)', () => {
  it('asks the domain, offers formal handling only for the Wmo, and files a youth-care complaint at the youth-care level', async () => {
    const { page } = await newPage(browser, server.url);
    await page.goto('/o/domeinen');
    await ready(page, 'Melding doen bij Sociaal Team Domeinen', 'public form with domains: choose');
    await page.getByLabel('Een klacht indienen').check();
    await page.getByRole('button', { name: 'Volgende' }).click();
    await ready(page, 'Een klacht indienen', 'public form with domains');
    const formal = page.getByLabel('Ik wil mijn klacht meteen formeel laten behandelen');
    expect(await formal.count()).toBe(0); // not before the domain is known

    await page.getByLabel('Uw naam').fill('Mo Yilmaz');
    await page.getByLabel('E-mailadres').fill('mo@voorbeeld.test');
    await page.getByLabel('Vertel wat er is gebeurd').fill('Mijn hulpvraag ligt al maanden stil.');
    await page.getByRole('button', { name: 'Verstuur' }).click();
    await page.getByRole('alert').filter({ hasText: 'Kies waar uw klacht over gaat.' }).waitFor();

    const domain = page.getByLabel('Waar gaat uw klacht over?');
    await domain.selectOption('wmo');
    await formal.waitFor();
    await expectAccessible(page, 'public form with domains: Wmo, formal on request');
    await formal.check();
    await domain.selectOption('youth-care');
    expect(await formal.count()).toBe(0); // youth care has no formal handling on request
    await page.getByRole('button', { name: 'Verstuur' }).click();
    await page
      .getByText(/[A-Z0-9]+-\d{4}-\d{4}/)
      .first()
      .waitFor();

    const staff = await env.as(officer);
    const list = await staff.request<{ items: { id: string; level: string }[] }>('GET', `/cases?organisationId=${orgId}`);
    expect(list.items.map((c) => c.level)).toEqual(['youth']);
    await page.close();
  });

  it('the reopen form asks the new facts where the regulation reopens only with them', async () => {
    const staff = await env.as(officer);
    const c = await staff.request<{ id: string; reference: string }>('POST', '/cases', {
      organisationId: orgId,
      kind: 'complaint',
      channel: 'email',
      domain: 'youth-care',
      complainant: { name: 'Lotte Smit', role: 'client' },
      description: 'Niemand belde terug.',
    });
    await staff.request('POST', `/cases/${c.id}/events`, { type: 'decided', outcome: 'well-founded', motivation: 'Er is niet teruggebeld.' });
    await staff.request('POST', `/cases/${c.id}/events`, { type: 'closed' });
    const { page } = await newPage(browser, server.url);
    await login(page, officer.email, `/cases/${c.id}`);
    await ready(page, new RegExp(c.reference), 'closed case page');
    await page.getByLabel('Kies een stap').selectOption({ label: 'Heropend' });
    await page.getByLabel('Waarom heropent u de zaak?').fill('Mevrouw belde opnieuw.');
    await page.getByRole('button', { name: 'Heropend: Vastleggen' }).click();
    await page.getByRole('alert').filter({ hasText: 'Beschrijf de nieuwe feiten of omstandigheden.' }).waitFor();
    await expectAccessible(page, 'reopen form asking new facts');
    await page.getByLabel('Welke nieuwe feiten of omstandigheden zijn er?').fill('Na het oordeel is er weer niet gebeld.');
    await page.getByRole('button', { name: 'Heropend: Vastleggen' }).click();
    await page.getByText('Vastgelegd: Heropend.').waitFor();
    await page.close();
  });
});
