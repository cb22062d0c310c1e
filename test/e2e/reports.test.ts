import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { TestServer } from './server.ts';
import { newPage } from './browser.ts';
import { expectAccessible } from './axe.ts';
import type { ApiClient } from './api.ts';
import { docsDir, login, noOverflow, ready, startStories } from './stories.ts';
import type { StoryEnv } from './stories.ts';

/**
 * Slice 5 acceptance: a quality officer sees the dashboard with the same total
 * as the annual report, delivers the half-year report, registers a measure from
 * a case's recommendation and marks it done with evidence, publishes the annual
 * report (a public PDF); the municipality's
 * oversight sees its providers with a late half-year report and no case
 * content. axe on every page; docs/screenshots/dashboard.png is written here.
 */
let env: StoryEnv;
let server: TestServer;
let browser: Browser;
const users = {
  quality: { name: 'Quinta de Graaf', email: 'quinta@stadsring51.test' },
  officer: { name: 'Fatima el Amrani', email: 'fatima@stadsring51.test' },
  oversight: { name: 'Otto Verhoef', email: 'otto@stichtsevecht.test' },
};
const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric' }).format(new Date()));
const world = { providerId: '', decidedCaseId: '', decidedReference: '' };
let quality: ApiClient;

beforeAll(async () => {
  env = await startStories();
  ({ server, browser } = env);
  const municipality = await env.org('Gemeente Stichtse Vecht', 'stichtse-vecht', 'stichtse-vecht');
  const provider = await env.org('Stadsring51', 'stadsring51', 'stadsring51', { parentId: municipality.id });
  await env.org('Buurtteam Maarssen', 'buurtteam-maarssen', 'utrecht-buurtteams', { parentId: municipality.id });
  world.providerId = provider.id;
  await env.user(users.quality, provider.id, 'quality-officer');
  await env.user(users.officer, provider.id, 'complaints-officer');
  await env.user(users.oversight, municipality.id, 'oversight');

  // Twelve complaints this year, six in March and six in May; one decided with a recommendation.
  const officer = await env.as(users.officer);
  const cases: { id: string; reference: string }[] = [];
  for (let i = 0; i < 12; i++) {
    cases.push(
      await officer.request<{ id: string; reference: string }>('POST', '/cases', {
        organisationId: provider.id,
        channel: 'email',
        receivedAt: `${year}-${i < 6 ? '03' : '05'}-${String(2 + i).padStart(2, '0')}`,
        kind: 'complaint',
        categories: [i < 10 ? 'communication' : 'waiting-time'],
        complainant: { name: `Geheime Klager ${i}`, role: 'client' },
        description: `Vertrouwelijke omschrijving ${i}.`,
      }),
    );
  }
  const decided = cases[0]!;
  for (const e of [
    { type: 'acknowledged', on: `${year}-03-03` },
    { type: 'admissibility-decided', admissible: true, on: `${year}-03-04` },
    { type: 'hearing-skipped', ground: 'waived', on: `${year}-03-05` },
    { type: 'decided', outcome: 'well-founded', motivation: 'Niet teruggebeld.', recommendations: ['Bel de cliënt terug binnen twee werkdagen.'], on: `${year}-03-20` },
  ]) {
    await officer.request('POST', `/cases/${decided.id}/events`, e);
  }
  world.decidedCaseId = decided.id;
  world.decidedReference = decided.reference;
  quality = await env.as(users.quality);
});

afterAll(async () => {
  await env?.stop();
});

describe('slice 5: dashboard, measures and oversight in the browser', () => {
  it('a quality officer sees the same total as the annual report, delivers the half-year report, publishes the annual report, registers a measure and marks it done', async () => {
    const { page, context } = await newPage(browser, server.url);
    try {
      await login(page, users.quality.email, '/dashboard');
      await ready(page, 'Dashboard', 'dashboard');
      const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
      await nav.getByRole('link', { name: 'Maatregelen' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Toezicht' }).count()).toBe(0);

      // The same total as the annual report API.
      const report = await quality.request<{ totals: { total: { value: number | null; suppressed: boolean } } }>(
        'GET',
        `/reports/annual?organisationId=${world.providerId}&year=${year}`,
      );
      expect(report.totals.total).toEqual({ value: 12, suppressed: false });
      expect(await page.getByTestId('dashboard-total').textContent()).toBe('12');
      // Suppressed counts are "*", explained in the footnote; the monthly numbers are a table for screen readers.
      await page
        .getByText(/minder dan 5 of af te leiden/)
        .first()
        .waitFor();
      expect(await page.locator('[data-suppressed="true"]').count()).toBeGreaterThan(0);
      // ... and next to every table that shows a "*", not only at the bottom of the page.
      const unexplained = await page.evaluate(() =>
        [...document.querySelectorAll('table')]
          .filter((table) => table.querySelector('[data-suppressed="true"]'))
          .filter((table) => {
            const scroll = table.closest('.kw-table-scroll');
            const figure = table.closest('figure');
            return !(
              scroll?.querySelector('[data-testid="table-footnote"]') ||
              scroll?.nextElementSibling?.matches('[data-testid="table-footnote"]') ||
              figure?.querySelector('[data-testid="table-footnote"]')
            );
          })
          .map((table) => table.getAttribute('aria-label') ?? table.querySelector('caption')?.textContent ?? '?'),
      );
      expect(unexplained).toEqual([]);
      await page.getByRole('table', { name: `Ontvangen meldingen per maand in ${year}` }).waitFor({ state: 'attached' });
      await page.screenshot({ path: `${docsDir}dashboard.png`, fullPage: true });
      await page.getByRole('button', { name: 'Toon de cijfers als tabel' }).first().click();
      await page.getByRole('table', { name: `Ontvangen meldingen per maand in ${year}` }).waitFor();
      await expectAccessible(page, 'dashboard with table shown');
      // Downloads.
      const csv = await page.request.get((await page.getByRole('link', { name: `Jaarverslag ${year} (CSV (spreadsheet))` }).getAttribute('href')) ?? '');
      expect(csv.headers()['content-type']).toContain('text/csv');
      await page.getByRole('link', { name: `Jaarverslag ${year} (PDF)` }).waitFor();

      // Deliver the second half-year report to the municipality: the state comes from the server.
      await page
        .getByTestId('half-year-status-1')
        .getByText(/^uiterlijk 30 jun/)
        .waitFor();
      await page.getByTestId('half-year-status-2').getByText('nog niet aangeleverd').waitFor();
      await page.getByLabel(`Halfjaar ${year}`).selectOption('2');
      await page.getByRole('button', { name: 'Rapportage aanleveren' }).click();
      await page
        .getByTestId('half-year-status-2')
        .getByText(/^aangeleverd op/)
        .waitFor();

      // Publish the annual report: afterwards the public PDF is there for everyone (no login needed).
      await page.getByRole('heading', { name: 'Jaarverslag openbaar maken' }).waitFor();
      await page.getByText('In het openbare jaarverslag staan geen namen').waitFor();
      await page.getByTestId('annual-publication').getByText(`Het jaarverslag ${year} is nog niet openbaar.`).waitFor();
      expect(await page.getByTestId('annual-due').count()).toBe(0); // Stadsring51's regulation sets no date for a public report.
      await page.getByRole('button', { name: `Jaarverslag ${year} openbaar maken` }).click();
      await page
        .getByTestId('annual-publication')
        .getByText(/^Gepubliceerd op/)
        .waitFor();
      const publicHref = (await page.getByRole('link', { name: `Openbaar jaarverslag ${year} (PDF)` }).getAttribute('href')) ?? '';
      expect(publicHref).toContain(`/api/v1/public/organisations/stadsring51/annual-report?year=${year}`);
      const publicPdf = await browser.newContext().then(async (anonymous) => {
        try {
          const r = await anonymous.request.get(publicHref);
          return { status: r.status(), type: r.headers()['content-type'], head: (await r.body()).subarray(0, 5).toString() };
        } finally {
          await anonymous.close();
        }
      });
      expect(publicPdf).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
      const state = await quality.request<{ annual: { publishedAt: string | null } }>('GET', `/reports/half-year/deliveries?organisationId=${world.providerId}&year=${year}`);
      expect(state.annual.publishedAt).not.toBeNull();
      await page.getByRole('button', { name: `Jaarverslag ${year} opnieuw openbaar maken` }).waitFor();
      await expectAccessible(page, 'dashboard after publishing');

      // 320 px: usable without sideways scrolling of the page.
      await page.setViewportSize({ width: 320, height: 700 });
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
      await expectAccessible(page, 'dashboard at 320 px');
      // Column headers keep whole words (the table scrolls sideways instead of breaking "Gehaald" into "Geh-aald").
      const breaking = await page.evaluate(() =>
        [...document.querySelectorAll('thead th')]
          .filter((th) => {
            const style = getComputedStyle(th);
            return style.overflowWrap === 'anywhere' || style.wordBreak === 'break-all' || style.overflowWrap === 'break-word';
          })
          .map((th) => th.textContent),
      );
      expect(breaking).toEqual([]);
      await page.setViewportSize({ width: 1280, height: 900 });

      // From the case's recommendation to a measure.
      await page.goto(`/cases/${world.decidedCaseId}`);
      await ready(page, new RegExp(world.decidedReference), 'decided case');
      await page.getByRole('link', { name: /Maatregel registreren/ }).click();
      await ready(page, 'Maatregel registreren', 'register measure');
      await page.getByTestId('measure-case').filter({ hasText: world.decidedReference }).waitFor();
      expect(await page.getByLabel('Aanbeveling').inputValue()).toBe('Bel de cliënt terug binnen twee werkdagen.');
      await page.getByRole('button', { name: 'Registreren' }).click();
      await page.getByRole('link', { name: 'Beschrijf de maatregel (minimaal 3 tekens).' }).waitFor();
      await expectAccessible(page, 'register measure with errors');
      await page.getByLabel('Maatregel', { exact: true }).fill('Terugbelafspraak in het werkproces');
      await page.getByLabel('Eigenaar').selectOption({ label: users.officer.name });
      await page.getByRole('button', { name: 'Registreren' }).click();

      await ready(page, 'Maatregelen', 'measures register');
      await page.getByText('De maatregel "Terugbelafspraak in het werkproces" is geregistreerd.').waitFor();
      const row = page.getByTestId('measure-row').filter({ hasText: 'Terugbelafspraak in het werkproces' });
      await row.getByRole('cell', { name: users.officer.name }).waitFor();
      expect(await row.getByTestId('measure-state').textContent()).toBe('Gepland');

      // Done needs evidence.
      await row.getByRole('button', { name: 'Opvolgen: Terugbelafspraak in het werkproces' }).click();
      await page.getByRole('heading', { name: 'Opvolgen: Terugbelafspraak in het werkproces' }).waitFor();
      await page.getByLabel('Status').last().selectOption({ label: 'Uitgevoerd' });
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByRole('link', { name: 'Beschrijf wat er is gedaan voordat u de maatregel op uitgevoerd zet.' }).waitFor();
      await expectAccessible(page, 'follow-up with errors');
      await page.getByLabel('Wat is er gedaan (bewijs)').fill('Werkproces aangepast en besproken in het teamoverleg.');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await page.getByText('De maatregel "Terugbelafspraak in het werkproces" is bijgewerkt.').waitFor();
      expect(await row.getByTestId('measure-state').textContent()).toMatch(/^Uitgevoerd/);
      await row.getByText('Werkproces aangepast en besproken in het teamoverleg.').waitFor();
      await expectAccessible(page, 'measures register after follow-up');
      await page.setViewportSize({ width: 320, height: 700 });
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 900 });
    } finally {
      await context.close();
    }
  });

  it("the municipality's oversight sees its providers, a late half-year report, and no case content", async () => {
    const { page, context } = await newPage(browser, server.url);
    try {
      await login(page, users.oversight.email, '/oversight');
      await ready(page, 'Toezicht op aanbieders', 'oversight');
      const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
      expect(await nav.getByRole('link', { name: 'Werkvoorraad' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Registreren' }).count()).toBe(0);

      const rows = page.getByTestId('provider-row');
      expect(await rows.count()).toBe(2);
      const stadsring = rows.filter({ hasText: 'Stadsring51' });
      // First half: never delivered, past its last day (30 June): late. Second: delivered by the provider.
      expect(await stadsring.getByTestId('half-year-1').getAttribute('data-late')).toBe('true');
      await stadsring.getByTestId('half-year-1').getByText('te laat').waitFor();
      await stadsring
        .getByTestId('half-year-2')
        .getByText(/aangeleverd/)
        .waitFor();
      await page
        .getByTestId('late-reports')
        .filter({ hasText: /halfjaarrapportages? (is|zijn) te laat/ })
        .waitFor();
      // Open cases are counted, not named.
      expect(await stadsring.getByRole('cell').nth(0).textContent()).toMatch(/^\d+$/);
      expect(await page.getByText('Geheime Klager').count()).toBe(0);
      const pdf = await page.request.get((await page.getByRole('link', { name: 'Halfjaarrapportage 1 van Stadsring51 (PDF)' }).getAttribute('href')) ?? '');
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const wide = await page.request.get((await page.getByRole('link', { name: `Jaarverslag ${year} (CSV (spreadsheet))` }).getAttribute('href')) ?? '');
      expect(await wide.text()).toContain('Buurtteam Maarssen');

      // 320 px: a card per provider instead of the wide table.
      await page.setViewportSize({ width: 320, height: 700 });
      await page.getByTestId('provider-card').filter({ hasText: 'Stadsring51' }).getByTestId('half-year-1').getByText('te laat').waitFor();
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
      await expectAccessible(page, 'oversight at 320 px');
      await page.setViewportSize({ width: 1280, height: 900 });

      // No work queue with names; a provider's case shows process data only.
      await page.goto('/cases');
      await ready(page, 'Geen toegang', 'work queue forbidden for oversight');
      await page.goto(`/cases/${world.decidedCaseId}`);
      await ready(page, new RegExp(world.decidedReference), 'case as oversight');
      await page.getByTestId('case-status').waitFor();
      for (const secret of ['Geheime Klager 0', 'Vertrouwelijke omschrijving', 'Niet teruggebeld', 'Bel de cliënt terug']) {
        expect(await page.getByText(secret).count(), secret).toBe(0);
      }
      expect(await page.getByRole('link', { name: /Maatregel registreren/ }).count()).toBe(0);

      // The provider's figures (process data) through the dashboard, in English.
      await page.goto(`/oversight`);
      await ready(page, 'Toezicht op aanbieders', 'oversight again');
      await page.getByRole('button', { name: 'English' }).click();
      await ready(page, 'Oversight of providers', 'oversight in English');
      await page
        .getByRole('link', { name: /Stadsring51/ })
        .first()
        .click();
      await ready(page, 'Dashboard', 'provider dashboard for oversight');
      expect(await page.getByTestId('dashboard-total').textContent()).toBe('12');
      expect(await page.getByRole('button', { name: 'Deliver report' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Nederlands' }).click();
    } finally {
      await context.close();
    }
  });
});
