import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from './server.ts';
import { newPage } from './browser.ts';
import { expectAccessible } from './axe.ts';
import { docsDir, login, ready, startStories } from './stories.ts';
import type { StoryEnv } from './stories.ts';
import { computeTerm } from '../../src/domain/deadlines.ts';
import { amsterdamDate } from '../../src/domain/calendar.ts';
import { readFileSync } from 'node:fs';

/**
 * Issue 9 §4: an administrator writes the organisation's own regulation in the
 * browser, starting from the awb-gemeente preset: a shorter decision term and a
 * renamed category; the checker's Awb warning appears beside the term and goes;
 * the preview explains the deadlines around Christmas; save, adopt, and a case
 * filed through the public form runs under the new version with the new term.
 * axe checks every state; docs/screenshots/regulation-editor.png is written here.
 */
let env: StoryEnv;
let server: TestServer;
let browser: Browser;

const admin = { name: 'Sanne Willems', email: 'sanne@voorbeeld.test' };
const officer = { name: 'Ruben Kok', email: 'ruben@voorbeeld.test' };
let orgId = '';

beforeAll(async () => {
  env = await startStories();
  ({ server, browser } = env);
  const org = await env.org('Gemeente Voorbeeld', 'voorbeeld', 'awb-gemeente', { email: 'klachten@voorbeeld.test' });
  orgId = org.id;
  await env.user(admin, org.id, 'admin');
  await env.user(officer, org.id, 'complaints-officer');
});

afterAll(async () => {
  await env?.stop();
});

const DECISION = 'regulation-levels-1-terms-decision';
const AWB_WARNING = /De termijn voor het oordeel op niveau "formal" is langer dan de 6 weken van de Awb \(Awb 9:11\)/;

async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

describe('issue 9 §4: writing a regulation in the browser', () => {
  it('an admin writes a regulation from a preset, sees the check and the preview, saves and adopts it; a public case runs under it', async () => {
    const { page, context } = await newPage(browser, server.url);
    try {
      // From the read-only regulation page to the editor.
      await login(page, admin.email, '/regulation');
      await ready(page, 'Klachtenregeling', 'regulation page');
      await page.getByRole('link', { name: 'Klachtenregeling van Gemeente Voorbeeld bewerken' }).click();
      await ready(page, 'Klachtenregeling bewerken', 'editor: start');
      await page
        .getByTestId('in-force')
        .getByText(/Klachtbehandeling volgens hoofdstuk 9 Awb/)
        .waitFor();
      await page.getByText('Er zijn nog geen zaken.').waitFor();

      // Start from the preset.
      await page.getByLabel('Begin met').selectOption('preset:awb-gemeente');
      await page.getByRole('button', { name: 'Begin met bewerken' }).click();
      await page.getByText(/U bewerkt nu Klachtbehandeling volgens hoofdstuk 9 Awb/).waitFor();
      expect(await page.getByLabel('Kenmerk', { exact: true }).inputValue()).toBe('voorbeeld-klachtenregeling');
      await page.getByLabel('Naam van de regeling').fill('Klachtenregeling Gemeente Voorbeeld');
      await page.getByTestId('check-counts').getByText('De regeling klopt met het formaat en er zijn geen waarschuwingen.').waitFor();
      await expectAccessible(page, 'editor: editing the preset copy');

      // Levels: add one, move it up and remove it again, with the keyboard only.
      await page.getByRole('button', { name: 'Niveau toevoegen' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Niveau 4: Nieuw niveau' }).waitFor();
      await page.getByRole('button', { name: 'Niveau 4 omhoog' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Niveau 3: Nieuw niveau' }).waitFor();
      await page.waitForFunction(() => document.activeElement?.id === 'regulation-levels-2-');
      await expectAccessible(page, 'editor: a level added');
      await page.getByRole('button', { name: 'Niveau 3 verwijderen' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Niveau 3: Nationale ombudsman' }).waitFor();
      expect(await page.getByRole('heading', { name: /Nieuw niveau/ }).count()).toBe(0);

      // A decision term beyond the Awb: the warning appears next to the term as one types …
      const decisionLength = page.getByLabel('Niveau 2, oordeel: lengte');
      expect(await decisionLength.inputValue()).toBe('6');
      await decisionLength.fill('8');
      const decisionGroup = page.locator(`#${DECISION}`);
      await decisionGroup.getByText(AWB_WARNING).waitFor();
      expect(await decisionGroup.getAttribute('aria-describedby')).toBe(`${DECISION}-warning`);
      await page
        .getByTestId('check-counts')
        .getByText(/0 fouten, \d+ waarschuwingen?\./)
        .waitFor();
      // … the summary links to it …
      await page.locator('#editor-findings').getByRole('link', { name: AWB_WARNING }).click();
      expect(await focusedId(page)).toBe(DECISION);
      await expectAccessible(page, 'editor: with a law warning');
      await decisionGroup.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${docsDir}regulation-editor.png` });
      // … and goes when the term is within the law again.
      await decisionLength.fill('5');
      await page.getByTestId('check-counts').getByText('De regeling klopt met het formaat en er zijn geen waarschuwingen.').waitFor();
      expect(await decisionGroup.getByText(AWB_WARNING).count()).toBe(0);

      // A schema error is linked to its field and blocks saving until it is fixed.
      const categoryName = page.getByLabel('Categorie 9: naam in deze regeling');
      expect(await categoryName.inputValue()).toBe('Overig');
      await categoryName.fill('');
      await page
        .getByTestId('check-counts')
        .getByText(/1 fout, 0 waarschuwingen\./)
        .waitFor();
      expect(await categoryName.getAttribute('aria-invalid')).toBe('true');
      expect(await categoryName.getAttribute('aria-describedby')).toContain('regulation-categories-8-name-error');
      await expectAccessible(page, 'editor: with a schema error');
      await page.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
      await page.getByRole('alert').getByText('Los eerst de fouten op; daarna kunt u opslaan.').waitFor();
      await categoryName.fill('Overige klachten');
      await page.getByTestId('check-counts').getByText('De regeling klopt met het formaat en er zijn geen waarschuwingen.').waitFor();

      // Preview: received on Friday 20 November 2026, five weeks end on Christmas Day; the Atw moves it to Monday.
      await page.getByLabel('Datum van ontvangst').fill('2026-11-20');
      const due = page.getByTestId('preview-formal-decision');
      await due.getByText(/28 dec\.? 2026/).waitFor();
      const row = page.getByRole('row').filter({ has: due });
      await row.getByText(/5 weken na de eerste ontvangst \(20 nov\.? 2026\)/).waitFor();
      await row.getByText(/Verschoven vanaf 25 dec\.? 2026 door de Algemene termijnenwet/).waitFor();
      await row.getByText(/Met de verlenging van 4 weken: 22 jan\.? 2027/).waitFor();
      await expectAccessible(page, 'editor: preview');

      // A named term of its own at the formal level, in calendar days, shown in the preview (issue 9 §2.1).
      await page.getByRole('button', { name: 'Niveau 2: eigen termijn toevoegen' }).click();
      await page.getByLabel('Niveau 2, eigen termijn 1: naam').fill('Eerste persoonlijk contact');
      await page.getByLabel('Niveau 2, eigen termijn 1: kenmerk').fill('eerste-contact');
      await page.getByLabel('Niveau 2, eigen termijn 1: lengte').fill('5');
      await page.getByLabel('Niveau 2, eigen termijn 1: eenheid').selectOption('calendar-days');
      expect(await page.getByLabel('Niveau 2, eigen termijn 1: gerekend vanaf').inputValue()).toBe('received');
      await page.getByLabel('Niveau 2, eigen termijn 1: gehaald met de stap').selectOption('contacted');
      // Counted from the event that meets it: an error at the field, gone when fixed.
      await page.getByLabel('Niveau 2, eigen termijn 1: gerekend vanaf').selectOption('contacted');
      await page.locator('#regulation-levels-1-namedTerms-0-from-error').waitFor();
      await page.getByLabel('Niveau 2, eigen termijn 1: gerekend vanaf').selectOption('first-received');
      await page.getByLabel('Bron bij Niveau 2, eigen termijn 1: Eerste persoonlijk contact').fill('[eigen regeling art. 5]');
      await page
        .getByTestId('preview-formal-named-eerste-contact')
        .getByText(/25 nov\.? 2026/)
        .waitFor();
      await page
        .getByRole('row')
        .filter({ has: page.getByTestId('preview-formal-named-eerste-contact') })
        .getByText(/5 kalenderdagen na de eerste ontvangst/)
        .waitFor();

      // Intake rules: a representative's written authorisation, and complaints only through the web form or e-mail (issue 9 §2.7).
      await page.getByLabel('Wie namens een ander klaagt, laat een schriftelijke machtiging zien').check();
      await page.getByRole('button', { name: 'Kanaalregel toevoegen' }).click();
      expect(await page.getByLabel('Kanaalregel 1: soort melding').inputValue()).toBe('complaint');
      await page.getByRole('group', { name: 'Kanaalregel 1: kanalen' }).getByLabel('Post', { exact: true }).uncheck();
      await page.getByLabel('Bron bij Kanaalregel 1: Klacht').fill('Awb 9:4');
      await page.getByText('Standaard: de klager krijgt 2 weken na ontvangst om te herstellen wat ontbreekt (Awb 4:5).').waitFor();
      await page.getByTestId('check-counts').getByText('De regeling klopt met het formaat en er zijn geen waarschuwingen.').waitFor();
      await expectAccessible(page, 'editor: a named term and intake rules');

      // Own words in the acknowledgement (issue 9 §4); the decision letter says which parts its recipients read (issue 13).
      await page.getByLabel('Brief 1: eigen tekst in deze brief', { exact: true }).check();
      await page.locator('#regulation-letters-0-text-intro-error').getByText('Schrijf een begin of een slot, of haal de eigen tekst weg.').waitFor();
      await page.getByLabel('Brief 1: begin (na de eerste alinea)').fill('Wij lezen elke klacht met twee collega’s.');
      await page.getByLabel('Bron bij Brief 1: eigen tekst in deze brief').fill('[eigen regeling art. 6]');
      await page.getByText('De ontvangers lezen het hele oordeel: motivering, oordeel per onderdeel en aanbevelingen.').waitFor();
      await page.getByTestId('check-counts').getByText('De regeling klopt met het formaat en er zijn geen waarschuwingen.').waitFor();

      // Reopening only with new facts, and a referral route for what is not a complaint (issue 9 §2.9, §2.10).
      await page.getByLabel('Regel over opnieuw behandelen opnemen').check();
      expect(await page.getByLabel('Alleen opnieuw behandelen als er nieuwe feiten of omstandigheden zijn').isChecked()).toBe(true);
      await page.getByLabel('Bron bij Opnieuw behandelen').fill('[eigen regeling art. 10]');
      await page.getByRole('button', { name: 'Route toevoegen' }).click();
      await page.getByLabel('Route 1: naam').fill('Meldpunt openbare ruimte');
      await page.getByLabel('Route 1: e-mailadres').fill('meldpunt@example.org');
      await page.getByLabel('Bron bij Route 1').fill('[eigen regeling art. 2]');
      await page.getByTestId('check-counts').getByText('De regeling klopt met het formaat en er zijn geen waarschuwingen.').waitFor();
      await expectAccessible(page, 'editor: reopening and referral');

      // Save, then adopt for new cases.
      await page.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click();
      await page.getByText('Klachtenregeling Gemeente Voorbeeld is opgeslagen als versie 1.', { exact: false }).waitFor();
      await page.getByRole('cell', { name: 'Klachtenregeling Gemeente Voorbeeld', exact: true }).waitFor();
      await expectAccessible(page, 'editor: saved');
      await page.getByRole('button', { name: 'Nu invoeren voor nieuwe zaken' }).click();
      await page.getByText('Klachtenregeling Gemeente Voorbeeld (versie 1) is ingevoerd voor nieuwe zaken.').waitFor();
      await page.getByTestId('in-force').getByText('Klachtenregeling Gemeente Voorbeeld, versie 1 (eigen regeling)').waitFor();
      await page.getByRole('cell', { name: 'In werking voor nieuwe zaken' }).waitFor();
      await expectAccessible(page, 'editor: adopted');

      // Export gives the JSON for integrators, with what was written in the forms.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exporteren als JSON' }).click()]);
      expect(download.suggestedFilename()).toBe('voorbeeld-klachtenregeling.json');
      const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { levels: { namedTerms?: unknown[] }[]; intake: Record<string, unknown> };
      expect(exported.levels[1]!.namedTerms).toEqual([
        {
          id: 'eerste-contact',
          name: 'Eerste persoonlijk contact',
          metBy: 'contacted',
          length: 5,
          unit: 'calendar-days',
          from: 'first-received',
          atw: false,
          source: '[eigen regeling art. 5]',
        },
      ]);
      expect((exported as unknown as { letters: { text?: unknown }[] }).letters[0]!.text).toEqual({
        intro: 'Wij lezen elke klacht met twee collega’s.',
        source: '[eigen regeling art. 6]',
      });
      expect(exported).toMatchObject({
        reopening: { onlyWithNewFacts: true, source: '[eigen regeling art. 10]' },
        referrals: [{ id: 'route-1', name: 'Meldpunt openbare ruimte', email: 'meldpunt@example.org', source: '[eigen regeling art. 2]' }],
      });
      expect(exported.intake).toMatchObject({ representativeAuthorisationRequired: true, perKind: [{ kind: 'complaint', channels: ['web', 'email'], source: 'Awb 9:4' }] });

      // In English, the draft kept.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Edit the complaint regulation' }).waitFor();
      expect(await page.getByLabel('Level 2, decision: length').inputValue()).toBe('5');
      await page.getByLabel('Level 2, decision: length').fill('7');
      await page
        .locator(`#${DECISION}`)
        .getByText(/decision term of level "formal" is beyond Awb's 6 weeks \(Awb 9:11\)/)
        .waitFor();
      await expectAccessible(page, 'editor in English with a warning');
    } finally {
      await context.close();
    }

    // A citizen files a complaint through the public form.
    const citizen = await newPage(browser, server.url);
    let reference = '';
    try {
      const p = citizen.page;
      await p.goto('/o/voorbeeld');
      await ready(p, /Melding doen bij Gemeente Voorbeeld/, 'public form under the own regulation');
      await p.getByLabel('Een klacht indienen').check();
      await p.getByRole('button', { name: 'Volgende' }).click();
      await ready(p, 'Een klacht indienen', 'public complaint form');
      await p.getByLabel('Uw naam').fill('Noor Hendriks');
      await p.getByRole('textbox', { name: /^E-mailadres/ }).fill('noor@voorbeeld.test');
      await p.getByLabel('Vertel wat er is gebeurd').fill('Mijn aanvraag is twee maanden niet beantwoord.');
      await p.getByRole('checkbox', { name: /toestemming/ }).check();
      await p.getByRole('button', { name: 'Verstuur' }).click();
      await ready(p, 'Bedankt, wij hebben uw melding ontvangen', 'public form done');
      reference = (await p.getByTestId('reference').textContent()) ?? '';
    } finally {
      await citizen.context.close();
    }

    // The case runs under the new version; at the formal level its decision term is the changed five weeks.
    const api = await env.as(officer);
    const list = await api.request<{ items: { id: string; reference: string }[] }>('GET', `/cases?organisationId=${orgId}`);
    const filed = list.items.find((c) => c.reference === reference);
    expect(filed, reference).toBeDefined();
    const escalated = await api.request<{ regulation: { id: string; version: number }; deadlines: { kind: string; level: string; due: string; source: string }[] }>(
      'POST',
      `/cases/${filed!.id}/events`,
      { type: 'escalated', toLevel: 'formal' },
    );
    const kase = await api.request<typeof escalated>('GET', `/cases/${filed!.id}`);
    expect(kase.regulation).toEqual({ id: 'voorbeeld-klachtenregeling', version: 1 });
    // The stored version holds the named term and the intake rules; the named term runs on the case.
    const stored = await api.request<{ levels: { id: string; namedTerms?: { id: string }[] }[]; intake: { perKind?: unknown[]; representativeAuthorisationRequired?: boolean } }>(
      'GET',
      '/regulations/voorbeeld-klachtenregeling',
    );
    expect(stored.levels.find((l) => l.id === 'formal')?.namedTerms?.map((t) => t.id)).toEqual(['eerste-contact']);
    expect(stored.intake.representativeAuthorisationRequired).toBe(true);
    expect(stored.intake.perKind).toHaveLength(1);
    expect(kase.deadlines.filter((d) => d.kind === 'named' && d.level === 'formal')).toHaveLength(1);
    const today = amsterdamDate(new Date());
    const expected = computeTerm({ term: { length: 5, unit: 'weeks', from: 'received', atw: true, source: 'Awb 9:11' }, startEvent: 'received', start: today }).due;
    expect(kase.deadlines.find((d) => d.kind === 'decision' && d.level === 'formal')?.due).toBe(expected);

    // The editor shows which cases run under which version.
    const again = await newPage(browser, server.url);
    try {
      await login(again.page, admin.email, `/regulation/edit?organisation=${encodeURIComponent(orgId)}`);
      await ready(again.page, 'Klachtenregeling bewerken', 'editor: cases per version');
      const table = again.page.getByRole('region', { name: 'Zaken per versie van de klachtenregeling' });
      await table.getByRole('row').filter({ hasText: 'Klachtenregeling Gemeente Voorbeeld' }).getByRole('cell', { name: '1', exact: true }).first().waitFor();
      // The organisation's admin page links here too.
      await again.page.goto(`/admin/organisations/${encodeURIComponent(orgId)}`);
      await ready(again.page, 'Gemeente Voorbeeld', 'organisation page');
      await again.page.getByRole('link', { name: 'Klachtenregeling bewerken' }).click();
      await ready(again.page, 'Klachtenregeling bewerken', 'editor from the organisation page');
    } finally {
      await again.context.close();
    }
  }, 600_000); // a long walk through the whole editor, on a shared machine
});
