import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from './server.ts';
import { newPage } from './browser.ts';
import { login, ready, startStories } from './stories.ts';
import type { StoryEnv } from './stories.ts';
import type { ApiClient } from './api.ts';
import { ownRegulation } from '../stories/story.ts';

/**
 * Issue 9 §2.8 and §2.9 in the browser: the officer records a complainant's consent for a
 * confidant on the case page and hands over the secret link; the confidant's own page
 * shows the case without internal notes; the officer refers what is not a complaint; the
 * dashboard shows the confidants' and referrals' figures. axe runs on every page.
 */
let env: StoryEnv;
let server: TestServer;
let browser: Browser;
let officer: ApiClient;

const users = {
  admin: { name: 'Ruud Beheer', email: 'beheer@wijkwerk.test' },
  officer: { name: 'Sanne Visser', email: 'sanne@wijkwerk.test' },
};
const world = { orgId: '', complaintId: '', streetId: '' };
const year = new Date().getFullYear();
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  env = await startStories();
  ({ server, browser } = env);
  const org = await env.org('Wijkwerk', 'wijkwerk', 'awb-gemeente', { email: 'klachten@wijkwerk.test', phone: '030 765 43 21' });
  world.orgId = org.id;
  await env.user(users.admin, org.id, 'admin');
  await env.user(users.officer, org.id, 'complaints-officer');
  const admin = await env.as(users.admin);
  await admin.request('POST', '/regulations', {
    organisationId: org.id,
    adopt: true,
    regulation: ownRegulation((r) => {
      r.id = 'wijkwerk-regeling';
      r.confidants = { allowed: true, source: 'Regeling art. 6' };
      r.referrals = [{ id: 'openbare-ruimte', name: 'Meldpunt openbare ruimte', url: 'https://example.org/melden', source: 'Regeling art. 2 lid 3' }];
    }),
  });
  officer = await env.as(users.officer);
  const file = (name: string, description: string) =>
    officer.request<{ id: string }>('POST', '/cases', {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'post',
      receivedAt: today,
      complainant: { name, role: 'client', email: 'klager@voorbeeld.test' },
      description,
    });
  world.complaintId = (await file('Joke Smit', 'Niemand belde mij terug.')).id;
  await officer.request('POST', `/cases/${world.complaintId}/notes`, { text: 'Interne notitie: niet voor buiten.' });
  world.streetId = (await file('Kees Bos', 'Er ligt een losse stoeptegel voor mijn deur.')).id;
  // Four more of each, so the dashboard's counts are large enough to show.
  for (let i = 0; i < 4; i++) {
    const c = await file(`Klager ${i}`, 'Nog een melding.');
    await officer.request('POST', `/cases/${c.id}/confidants`, { name: `Vertrouwenspersoon ${i}`, consentOn: today });
    const street = await file(`Melder ${i}`, 'Kapotte lantaarnpaal.');
    await officer.request('POST', `/cases/${street.id}/events`, { type: 'referred', referralId: 'openbare-ruimte' });
  }
});

afterAll(async () => {
  await env?.stop();
});

async function record(page: Page, action: string, fill?: () => Promise<void>): Promise<void> {
  await page.getByLabel('Kies een stap').selectOption({ label: action });
  await fill?.();
  await page.getByRole('button', { name: `${action}: Vastleggen` }).click();
  await page.getByText(`Vastgelegd: ${action}.`).waitFor();
}

describe('confidants and referrals in the browser (issue 9 §2.8, §2.9)', () => {
  it('the officer records consent and hands over the link; the confidant sees the case, never the internal note; consent is revoked', async () => {
    const { page, context } = await newPage(browser, server.url);
    try {
      await login(page, users.officer.email, `/cases/${world.complaintId}`);
      await ready(page, /-\d{4}-\d{4}/, 'case page with the confidant section');
      const section = page.getByRole('region', { name: 'Vertrouwenspersoon' });
      await section.getByText('Er is geen vertrouwenspersoon met toestemming.').waitFor();
      // Empty: the error summary names the fields.
      await section.getByRole('button', { name: 'Toestemming vastleggen' }).click();
      await section.getByText('Vul de naam van de vertrouwenspersoon in.').first().waitFor();
      await section.getByLabel('Naam van de vertrouwenspersoon').fill('Els de Wit');
      await section.getByLabel('Datum van de toestemming').fill(today);
      await section.getByLabel('Hoe gaf de klager toestemming?').fill('Schriftelijk, formulier in het dossier.');
      await section.getByRole('button', { name: 'Toestemming vastleggen' }).click();
      await page.getByText('De toestemming voor Els de Wit is vastgelegd.').waitFor();
      const link = (await page.getByTestId('confidant-link').locator('code').textContent()) ?? '';
      expect(link).toMatch(/\/vertrouwenspersoon\/[\w-]{40,}$/);
      await page.getByTestId('confidant').getByText(users.officer.name).waitFor();
      await ready(page, /-\d{4}-\d{4}/, 'case page after recording consent');

      // The confidant's page: the case without what is internal.
      const confidant = await context.newPage();
      await confidant.goto(new URL(link).pathname);
      await ready(confidant, /voor de vertrouwenspersoon$/, 'confidant page');
      expect(await confidant.getByTestId('confidant-status').textContent()).toBe('Ontvangen');
      expect(await confidant.content()).not.toContain('Interne notitie');
      await confidant.getByRole('textbox', { name: 'Aanbeveling' }).fill('Bel terug op het nummer dat de klager gaf.');
      await confidant.getByRole('button', { name: 'Aanbeveling versturen' }).click();
      await confidant.getByText('Uw aanbeveling is verstuurd.').waitFor();
      await ready(confidant, /voor de vertrouwenspersoon$/, 'confidant page after a recommendation');

      // Revoked: the link no longer opens the case.
      await page.reload();
      await ready(page, /-\d{4}-\d{4}/, 'case page with the recommendation');
      await page.getByText('Bel terug op het nummer dat de klager gaf.').waitFor();
      await page.getByRole('button', { name: 'Toestemming voor Els de Wit intrekken' }).click();
      await page.getByText('De toestemming voor Els de Wit is ingetrokken. De link werkt niet meer.').waitFor();
      await confidant.reload();
      await ready(confidant, 'Deze link werkt niet', 'confidant page after revocation');
    } finally {
      await context.close();
    }
  });

  it('the officer refers a loose paving stone; the dashboard counts confidants and referrals apart', async () => {
    const { page, context } = await newPage(browser, server.url);
    try {
      await login(page, users.officer.email, `/cases/${world.streetId}`);
      await ready(page, /-\d{4}-\d{4}/, 'case to refer');
      await record(page, 'Doorverwezen', async () => {
        await page.getByLabel('Doorverwijzen naar').selectOption({ label: 'Meldpunt openbare ruimte' });
      });
      await page
        .getByRole('link', { name: /Doorverwijzing/ })
        .first()
        .waitFor();
      await ready(page, /-\d{4}-\d{4}/, 'referred case');

      await page.goto(`/dashboard?organisationId=${world.orgId}&year=${year}`);
      await ready(page, 'Dashboard', 'dashboard with confidants and referrals');
      const figures = page.getByRole('region', { name: 'Vertrouwenspersonen en doorverwijzingen' });
      // Five complainants supported (one revoked later still counts), five referrals.
      expect(await figures.getByTestId('report-confidants').locator('dd').first().textContent()).toBe('5');
      await figures
        .getByRole('table', { name: 'Doorverwezen: geen klacht' })
        .getByRole('row', { name: /Meldpunt openbare ruimte 5/ })
        .waitFor();
      // The referrals are not among the complaints: 10 cases filed, 5 referred.
      expect(await page.getByTestId('dashboard-total').textContent()).toBe('5');
    } finally {
      await context.close();
    }
  });
});
