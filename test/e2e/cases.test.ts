import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from './server.ts';
import { consoleErrorsOf, newPage } from './browser.ts';
import { expectAccessible } from './axe.ts';
import { docsDir, login, noOverflow, ready, startStories } from './stories.ts';
import type { StoryEnv } from './stories.ts';

/**
 * Slice 4 acceptance: a citizen files a complaint under Stadsring51 with the
 * keyboard and follows it; a complaints officer takes it through hearing to a
 * decision; a four-eyes approval by a second person under Stichtse Vecht; STH
 * dissatisfaction becomes a complaint, mediated by the manager. axe runs on
 * every page; the README screenshots are written here.
 */
let env: StoryEnv;
let server: TestServer;
let browser: Browser;

const users = {
  officer: { name: 'Fatima el Amrani', email: 'officer@stadsring51.test' },
  svA: { name: 'Anne de Vries', email: 'anne@stichtsevecht.test' },
  svB: { name: 'Bram Jansen', email: 'bram@stichtsevecht.test' },
  sthManager: { name: 'Mila Bakker', email: 'mila@sth.test' },
  respondent: { name: 'Peter Mulder', email: 'peter@stadsring51.test' },
};

// Shared ids from the set-up.
const setup = { henkCase: '' };

// Shared between the steps of the Stadsring51 story.
const story = { statusPath: '', reference: '' };

beforeAll(async () => {
  env = await startStories();
  ({ server, browser } = env);
  const org = (name: string, slug: string, regulationId: string) => env.org(name, slug, regulationId, { email: `klachten@${slug}.test`, phone: '030 123 45 67' });
  const stadsring = await org('Stadsring51', 'stadsring51', 'stadsring51');
  const sv = await org('Gemeente Stichtse Vecht', 'stichtse-vecht', 'stichtse-vecht');
  const sth = await org('STH Helmond', 'sth-helmond', 'sth-helmond');
  await env.user(users.officer, stadsring.id, 'complaints-officer');
  await env.user(users.svA, sv.id, 'complaints-officer');
  await env.user(users.svB, sv.id, 'complaints-officer');
  await env.user(users.sthManager, sth.id, 'manager');
  await env.user(users.respondent, stadsring.id, 'employee');

  // Earlier cases, so the work queue has something to show: one long overdue, one of this week.
  const officer = await env.as(users.officer);
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  const intake = (name: string, channel: string, receivedAt: string, description: string, extra: Record<string, unknown> = {}) =>
    officer.request<{ id: string }>('POST', '/cases', {
      ...extra,
      organisationId: stadsring.id,
      channel,
      receivedAt,
      kind: 'complaint',
      categories: ['communication'],
      complainant: { name, role: 'client' },
      description,
    });
  const respondent = await env.as(users.respondent);
  const respondentId = (await respondent.request<{ user: { id: string } }>('GET', '/auth/me')).user.id;
  setup.henkCase = (await intake('Henk de Boer', 'post', daysAgo(84), 'Mijn brieven worden niet beantwoord.', { respondents: [{ userId: respondentId }] })).id;
  const recent = await intake('Aisha Bouali', 'in-person', daysAgo(3), 'De wachttijd voor een gesprek is te lang.');
  const me = await officer.request<{ user: { id: string } }>('GET', '/auth/me');
  await officer.request('PATCH', `/cases/${recent.id}`, { handlerUserId: me.user.id });
});

afterAll(async () => {
  await env?.stop();
});

/** Presses Tab until the element with this id has focus (keyboard only). */
async function tabTo(page: Page, id: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await page.evaluate(() => document.activeElement?.id ?? '')) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Could not reach #${id} with Tab`);
}

async function record(page: Page, action: string, fill?: () => Promise<void>): Promise<void> {
  await page.getByLabel('Kies een stap').selectOption({ label: action });
  await fill?.();
  await page.getByRole('button', { name: `${action}: Vastleggen` }).click();
  await page.getByText(`Vastgelegd: ${action}.`).waitFor();
}

describe('slice 4: complaints in the browser', () => {
  it('a citizen files a complaint at Stadsring51 with the keyboard alone and follows it', async () => {
    const { page, context } = await newPage(browser, server.url);
    try {
      await page.goto('/o/stadsring51');
      await ready(page, 'Melding doen bij Stadsring51', 'public form: choose');
      // "Free of charge" once; no two choices that mean the same.
      await page.getByText('Een klacht indienen is gratis, en hulp daarbij ook.').waitFor();
      expect(await page.getByText(/gratis/).count()).toBe(1);
      const choices = await page.getByRole('radio').evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value));
      expect(choices).not.toContain('dissatisfaction');
      expect(choices).toContain('complaint');

      // Choose "file a complaint" with the arrow keys; Enter goes on.
      await tabTo(page, 'choose-kind');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('complaint');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await ready(page, 'Een klacht indienen', 'public form: complaint');

      // Sending it empty: the summary takes focus and links to the fields.
      // Before sending: one way to reach you is needed.
      await page.getByTestId('contact-hint').filter({ hasText: 'Vul minstens één manier in waarop wij u kunnen bereiken' }).waitFor();
      await tabTo(page, 'intake-name');
      await page.keyboard.press('Enter');
      const summary = page.getByRole('alert').filter({ hasText: 'Er is een probleem' });
      await summary.waitFor();
      expect(await page.title()).toMatch(/^Fout: Een klacht indienen/);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('kw-error-summary'))).toBe(true);
      await expectAccessible(page, 'public form with errors');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('intake-name');

      const type = async (id: string, text: string) => {
        await tabTo(page, id);
        await page.keyboard.type(text);
      };
      await page.keyboard.type('Joke Smit');
      await type('intake-email', 'joke.smit@voorbeeld.test');
      await type('intake-phone', '06 1234 5678');
      await type('intake-address', 'Dorpsstraat 1, 1234 AB Zoetermeer');
      await type('intake-respondentName', 'Peter');
      await type('intake-department', 'Wijkteam Noord');
      await type('intake-description', 'Mijn afspraak werd drie keer verzet zonder bericht.');
      await type('intake-history', 'Ik heb het team gebeld, maar kreeg geen antwoord.');
      await type('intake-desired', 'Een vaste afspraak en excuses.');
      await tabTo(page, 'intake-consent');
      await page.keyboard.press('Space');
      await tabTo(page, 'intake-attachments');
      await page.setInputFiles('#intake-attachments', { name: 'brief.txt', mimeType: 'text/plain', buffer: Buffer.from('Brief van het wijkteam over de afspraak.') });
      await page.screenshot({ path: `${docsDir}public-form.png`, fullPage: true });
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Verstuur');
      await page.keyboard.press('Enter');

      await ready(page, 'Bedankt, wij hebben uw melding ontvangen', 'public form: done');
      story.reference = (await page.getByTestId('reference').textContent()) ?? '';
      expect(story.reference).toMatch(/-\d{4}-\d{4}$/);
      await page.getByText('1 bijlage is toegevoegd.').waitFor();
      await page.getByText('Wij hebben de link ook naar uw e-mailadres gestuurd.').waitFor();
      story.statusPath = new URL((await page.getByTestId('status-link').getAttribute('href')) ?? '', server.url).pathname;

      // The status page behind the secret link.
      await page.getByTestId('status-link').click();
      await ready(page, `Uw melding ${story.reference}`, 'status page');
      expect(await page.getByTestId('status-label').textContent()).toBe('Ontvangen');
      await page.getByRole('link', { name: /brief\.txt/ }).waitFor();
      // When to expect an answer, in words; the steps so far as a dated list.
      await page
        .getByTestId('status-next')
        .filter({ hasText: /^U hoort uiterlijk op \w+dag \d+ \w+ \d{4} van ons wat wij met uw melding doen\.$/ })
        .waitFor();
      await page.getByTestId('status-timeline').getByText('Wij hebben uw melding ontvangen.').waitFor();
      expect(await page.getByTestId('status-timeline').locator('li time').count()).toBeGreaterThan(0);
      // One send button, for a message with optional documents.
      expect(await page.getByRole('button', { name: /^Verstuur/ }).count()).toBe(1);
      await page.getByLabel('Uw bericht').fill('Ik ben op dinsdag en donderdag het best bereikbaar.');
      await page.setInputFiles('#message-file', { name: 'rooster.txt', mimeType: 'text/plain', buffer: Buffer.from('Dinsdag en donderdag thuis.') });
      await page.getByRole('button', { name: 'Verstuur' }).click();
      await page.getByText('Uw bericht en 1 document zijn toegevoegd.').waitFor();
      await expectAccessible(page, 'status page after sending');

      // A lost link can be requested again, without revealing whether the case exists;
      // coming from the organisation's form, the example is in its own format.
      await page.goto('/o/stadsring51');
      await page.getByRole('link', { name: 'Al een melding gedaan en de link kwijt?' }).click();
      await ready(page, 'Link kwijt?', 'lost link');
      const prefix = story.reference.split('-')[0];
      await page.getByText(new RegExp(`bijvoorbeeld ${prefix}-\\d{4}-0001\\.`)).waitFor();
      await page.getByLabel('E-mailadres').fill('iemand@voorbeeld.test');
      await page.getByLabel('Kenmerk').fill('BESTAAT-2026-9999');
      await page.getByRole('button', { name: 'Stuur nieuwe link' }).click();
      await page.getByText(/Als er een melding is met dit kenmerk/).waitFor();
      await page.goto('/status/dit-is-geen-geldige-link-0123456789');
      await ready(page, 'Deze link werkt niet (meer).', 'status page: wrong link');
      // A cut-off link gets the same friendly page, with the way to a new link.
      await page.goto('/status/abc123');
      await ready(page, 'Deze link werkt niet (meer).', 'status page: cut-off link');
      await page.getByRole('link', { name: 'Nieuwe link aanvragen' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('the person complained about is not offered as handler, and the page says why [004 §1]', async () => {
    const { page, context } = await newPage(browser, server.url);
    try {
      await login(page, users.officer.email, `/cases/${setup.henkCase}`);
      await ready(page, /-\d{4}-\d{4}/, 'case with a respondent colleague');
      const assignTo = page.getByLabel('Toewijzen aan');
      const names = await assignTo.locator('option').allTextContents();
      expect(names).toContain(users.officer.name);
      expect(names).not.toContain(users.respondent.name);
      await page.getByText(`${users.respondent.name} staat niet in de lijst. De klacht gaat over deze persoon.`).waitFor();
      // The dropdowns show the NL Design System chevron, not an empty text box.
      const chevron = await assignTo.evaluate((el) => getComputedStyle(el).backgroundImage);
      expect(chevron).toContain('svg');
      // Rule sources in words, with the code as a link to the regulation.
      await page.getByText('Klachtenregeling art. 6.3').first().waitFor();
      await page.getByRole('link', { name: '[004 §6.3]' }).first().waitFor();
      // The session probe never fails loudly.
      expect(consoleErrorsOf(page).filter((e) => e.includes('401'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('the officer takes it from receipt through the hearing to a decision; the citizen sees the letter', async () => {
    expect(story.statusPath).not.toBe('');
    // A browser on UTC: the hearing time is still Amsterdam time.
    const { page, context } = await newPage(browser, server.url, undefined, 'UTC');
    try {
      // The start page says how much new work waits and what is due this week.
      await login(page, users.officer.email, '/');
      await ready(page, 'Start', 'start page with counts');
      await page.getByRole('link', { name: '2 nieuwe zaken wachten op een behandelaar' }).waitFor();
      await page.getByRole('link', { name: /^\d+ zaken? met een termijn deze week$/ }).waitFor();
      // The public form's address, to copy or print as a QR code.
      const address = page.getByTestId('public-address');
      expect(await address.getByTestId('public-url').textContent()).toBe(`${server.url}/o/stadsring51`);
      await address.getByRole('img', { name: `QR-code met het adres ${server.url}/o/stadsring51` }).waitFor();
      await address.getByRole('button', { name: 'Kopieer het adres' }).click();
      await address.getByText(/Het adres is gekopieerd\.|Kopiëren lukte niet/).waitFor();
      // The queue opens on the unassigned cases when cases wait, with counts on the tabs.
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Werkvoorraad' }).click();
      await ready(page, 'Werkvoorraad', 'work queue');
      const tabs = page.getByRole('navigation', { name: 'Overzichten' });
      expect(await tabs.locator('[aria-current="page"]').textContent()).toBe('Niet toegewezen (2)');
      await tabs.getByRole('link', { name: 'Mijn zaken (1)' }).waitFor();
      await page.getByText('Niet toegewezen: 2 zaken').waitFor();
      // The number overdue, at a glance.
      await page.getByTestId('overdue-count').filter({ hasText: '1 te laat' }).waitFor();
      await page.getByRole('cell', { name: 'Joke Smit' }).waitFor();
      await page.getByRole('link', { name: story.reference }).click();

      await ready(page, new RegExp(story.reference), 'case page');
      // Focus moves to the heading, without a focus ring on it.
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe('none');
      await page.getByRole('button', { name: 'Wijs aan mij toe' }).click();
      await page.getByText('De behandelaar is gewijzigd.').waitFor();
      // The handler by name, not "U".
      await page.getByTestId('case-handler').filter({ hasText: users.officer.name }).waitFor();
      // The admissibility proposal reads as a proposal; one heading per section.
      expect(await page.getByTestId('admissibility-proposal').textContent()).toBe('Voorstel: Vraagt om een afweging.');
      expect(await page.getByRole('heading', { name: 'Wat is er gebeurd?' }).count()).toBe(0);
      await page.getByRole('heading', { name: 'Volgende stap' }).waitFor();

      // The suggested next step is preselected.
      expect(await page.getByLabel('Kies een stap').inputValue()).toBe('acknowledged');
      await page.getByText('Wilt u vastleggen dat dit is gebeurd: Ontvangst bevestigd?').waitFor();
      await record(page, 'Ontvangst bevestigd');
      expect(await page.getByLabel('Kies een stap').inputValue()).toBe('admissibility-decided');
      // A met deadline says when it was met.
      await page
        .getByText(/gehaald op/)
        .first()
        .waitFor();
      await record(page, 'Ontvankelijkheid beslist', async () => {
        await page.getByLabel('Ja, ontvankelijk').check();
      });
      // A decision before the hearing is not offered: only what is allowed now.
      const options = await page.getByLabel('Kies een stap').locator('option').allTextContents();
      expect(options).not.toContain('Oordeel gegeven');
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
      await record(page, 'Hoorzitting gepland', async () => {
        await page.getByLabel('Datum en tijd van de hoorzitting').fill(`${today}T10:00`);
        await page.getByLabel(/^Waar: adres, of link voor een online gesprek/).fill('Stadsring 51, kamer 2.14');
        // The letters before they go: to whom, and the time as Amsterdam time.
        await page.getByRole('button', { name: 'Bekijk de brieven' }).click();
        await page.getByTestId('letter-recipients').filter({ hasText: '2 brieven gaan naar klager en beklaagde.' }).waitFor();
        await page.getByText('Uitnodiging hoorzitting – aan Joke Smit (klager)').click();
        await page
          .getByText(/om 10\.00 uur/)
          .first()
          .waitFor();
        await page
          .getByText(/Plaats: Stadsring 51, kamer 2\.14/)
          .first()
          .waitFor();
        await expectAccessible(page, 'letter preview');
      });
      await page
        .getByTestId('timeline')
        .getByText(/Hoorzitting gepland – .*10:00/)
        .waitFor();
      expect(await page.getByLabel('Kies een stap').inputValue()).toBe('hearing-held');
      // Not held before the planned day.
      const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date(Date.now() - 86_400_000));
      await page.getByLabel('Verslag van de hoorzitting').fill('Beide partijen gehoord.');
      await page.getByLabel('Datum (als het eerder gebeurde)').fill(yesterday);
      await page.getByRole('button', { name: 'Hoorzitting gehouden: Vastleggen' }).click();
      await page.getByRole('link', { name: /De hoorzitting is gepland op .* Kies die dag of later\./ }).waitFor();
      await page.getByLabel('Datum (als het eerder gebeurde)').fill('');
      await page.getByLabel('Verslag van de hoorzitting').fill('');
      // The report is required here; the summary says so.
      await page.getByRole('button', { name: 'Hoorzitting gehouden: Vastleggen' }).click();
      await page.getByRole('link', { name: 'Het verslag is verplicht.' }).waitFor();
      await expectAccessible(page, 'event form with errors');
      await page.getByLabel('Verslag van de hoorzitting').fill('Beide partijen gehoord. Het team erkent dat de afspraak drie keer is verzet.');
      await page.getByRole('button', { name: 'Hoorzitting gehouden: Vastleggen' }).click();
      await page.getByText('Vastgelegd: Hoorzitting gehouden.').waitFor();

      await record(page, 'Oordeel gegeven', async () => {
        // The form says who reads which part of the decision (issue 13): under Stadsring51 both parties read it all.
        await page
          .getByTestId('decision-readers')
          .getByText('De motivering gaat naar klager en beklaagde. Het oordeel per onderdeel gaat naar klager en beklaagde. De aanbevelingen gaan naar klager en beklaagde.', {
            exact: false,
          })
          .waitFor();
        await page.getByRole('button', { name: 'Onderdeel toevoegen' }).click();
        // An empty row is refused, naming the row; every error names its field.
        await page.getByRole('button', { name: 'Oordeel gegeven: Vastleggen' }).click();
        await page.getByRole('link', { name: 'Onderdeel 1: vul de omschrijving in, of verwijder het onderdeel.' }).waitFor();
        await page.getByRole('link', { name: 'Onderdeel 1: kies het oordeel over dit onderdeel.' }).waitFor();
        await page.getByRole('link', { name: 'Oordeel (totaal): maak een keuze.' }).waitFor();
        await expectAccessible(page, 'decision form with row errors');
        await page.getByLabel('Onderdeel 1: Omschrijving').fill('Afspraken verzet zonder bericht');
        await page.getByLabel('Onderdeel 1: Oordeel over dit onderdeel').selectOption({ label: 'Gegrond' });
        await page.getByLabel('Oordeel (totaal)').selectOption({ label: 'Gegrond' });
        await page.getByLabel('Motivering').fill('Het team heeft de afspraak drie keer verzet zonder de cliënt te informeren.');
        await page.getByLabel('Aanbevelingen').fill('Bel de cliënt bij elke wijziging.');
        // Each error goes once its field is filled in.
        expect(await page.getByRole('link', { name: /^Onderdeel 1:/ }).count()).toBe(0);
        expect(await page.locator('.kw-error-summary').count()).toBe(0);
        await expectAccessible(page, 'decision form');
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.screenshot({ path: `${docsDir}case-page.png`, fullPage: true });
      });
      expect(await page.getByTestId('case-status').textContent()).toBe('Afgehandeld met oordeel');
      await page.getByRole('link', { name: /Oordeel op uw klacht aan melder/ }).waitFor();
      await expectAccessible(page, 'case page decided');

      // The letter opens as a PDF.
      const href = (await page.getByRole('link', { name: /Oordeel op uw klacht aan melder/ }).getAttribute('href')) ?? '';
      const pdf = await page.request.get(href);
      expect(pdf.headers()['content-type']).toBe('application/pdf');

      // Full-text search and a filter.
      await page.goto('/cases?view=all');
      await ready(page, 'Werkvoorraad', 'work queue all');
      await page.getByText('Filteren en zoeken').click();
      await page.getByLabel('Zoeken', { exact: true }).fill('brieven');
      await page.getByRole('button', { name: 'Toepassen' }).click();
      await page.getByText('Alle open zaken: 1 zaak').waitFor();
      await page.getByRole('cell', { name: 'Henk de Boer' }).waitFor();
      await page.getByLabel('Status').selectOption({ label: 'Afgehandeld met oordeel' });
      await page.getByRole('button', { name: 'Toepassen' }).click();
      await page.getByText('Geen zaken gevonden.').waitFor();
      await expectAccessible(page, 'work queue filtered');
      await page.goto('/cases?view=all');
      await ready(page, 'Werkvoorraad', 'work queue all');
      await page.screenshot({ path: `${docsDir}work-queue.png`, fullPage: true });

      // The regulation in force, readable, with sources.
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Klachtenregeling' }).click();
      await ready(page, 'Klachtenregeling', 'regulation');
      // The Dutch page shows the Dutch description.
      expect(await page.getByTestId('regulation-description').textContent()).toMatch(/^Een formele klachtprocedure volgens de Awb/);
      await page.getByRole('heading', { name: /Klachtenfunctionaris/ }).waitFor();
      await page.getByText('[004 §6.8]').first().waitFor();
    } finally {
      await context.close();
    }

    // The citizen sees the decision and its letter.
    const citizen = await newPage(browser, server.url);
    try {
      await citizen.page.goto(story.statusPath);
      await ready(citizen.page, `Uw melding ${story.reference}`, 'status page decided');
      expect(await citizen.page.getByTestId('status-label').textContent()).toBe('Afgehandeld met oordeel');
      // The outcome, once decided.
      expect(await citizen.page.getByTestId('status-outcome').textContent()).toBe('Ons oordeel: gegrond.');
      const letter = citizen.page.getByRole('link', { name: /Oordeel op uw klacht/ });
      const response = await citizen.page.request.get((await letter.getAttribute('href')) ?? '');
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('application/pdf');
    } finally {
      await citizen.context.close();
    }
  });

  it('Stichtse Vecht, formal level: a registered complaint is decided by one officer and approved by another', async () => {
    const a = await newPage(browser, server.url);
    let caseUrl = '';
    try {
      await login(a.page, users.svA.email, '/cases/new');
      await ready(a.page, 'Zaak registreren', 'register');
      await a.page.getByLabel('Binnengekomen via').selectOption({ label: 'Telefoon' });
      await a.page.getByLabel('Niveau').selectOption({ label: 'Formele klachtprocedure (Awb)' });
      await a.page.getByLabel('Naam', { exact: true }).fill('Karel Visser');
      await a.page.getByLabel(/^Telefoonnummer/).fill('0346 123 456');
      await a.page.getByLabel('Wat er is gebeurd').fill('Mijn aanvraag voor huishoudelijke hulp is zoekgeraakt.');
      await a.page.getByRole('button', { name: 'Registreren' }).click();
      await ready(a.page, /-\d{4}-\d{4}/, 'registered case');
      caseUrl = new URL(a.page.url()).pathname;
      expect(await a.page.getByTestId('case-level').textContent()).toBe('Formele klachtprocedure (Awb)');

      await record(a.page, 'Afgezien van horen', async () => {
        await a.page.getByLabel('Grond').selectOption({ label: 'Klager wil niet gehoord worden' });
      });
      await record(a.page, 'Oordeel gegeven', async () => {
        // Stichtse Vecht's formal level sends the decision letter to the complainant only; the respondent reads the motivation on their case page.
        await a.page
          .getByTestId('decision-readers')
          .getByText('De motivering gaat naar klager en beklaagde. Het oordeel per onderdeel gaat alleen naar de klager. De aanbevelingen gaan alleen naar de klager.', {
            exact: false,
          })
          .waitFor();
        await a.page.getByLabel('Oordeel (totaal)').selectOption({ label: 'Deels gegrond' });
        await a.page.getByLabel('Motivering').fill('De aanvraag is te laat doorgezet; de hulp is inmiddels geregeld.');
        await a.page.getByRole('button', { name: 'Bekijk de brieven' }).click();
        await a.page.getByText('De brieven gaan pas weg als een collega het oordeel heeft goedgekeurd.').waitFor();
      });
      expect(await a.page.getByTestId('case-status').textContent()).toBe('Oordeel ter goedkeuring');
      await a.page.getByText('U heeft dit oordeel zelf gegeven. Een collega moet het goedkeuren.').waitFor();
      const own = await a.page.getByLabel('Kies een stap').locator('option').allTextContents();
      expect(own).not.toContain('Oordeel goedgekeurd');
    } finally {
      await a.context.close();
    }

    const b = await newPage(browser, server.url, { width: 320, height: 700 });
    try {
      await login(b.page, users.svB.email, '/approvals');
      await ready(b.page, 'Goedkeuren (vier ogen)', 'approvals inbox');
      expect(await noOverflow(b.page)).toBeLessThanOrEqual(0);
      await b.page.getByRole('cell', { name: 'Karel Visser' }).waitFor();
      await b.page.locator(`a[href="${caseUrl}"]`).click();
      await ready(b.page, /-\d{4}-\d{4}/, 'case to approve');
      expect(await noOverflow(b.page)).toBeLessThanOrEqual(0);
      // The approver sees the whole draft and the letters that will go out.
      const draft = b.page.getByTestId('decision-draft');
      await draft.getByText('Opgesteld door Anne de Vries.').waitFor();
      await draft.getByText('De aanvraag is te laat doorgezet; de hulp is inmiddels geregeld.').waitFor();
      await draft.getByText('Niet gehoord: Klager wil niet gehoord worden.').waitFor();
      expect(await b.page.getByLabel('Kies een stap').inputValue()).toBe('decision-approved');
      await b.page
        .getByTestId('letter-recipients')
        .filter({ hasText: /1 brief gaat naar klager\./ })
        .waitFor();
      await b.page.getByText(/Oordeel op uw klacht – aan Karel Visser/).click();
      await b.page
        .getByText(/De aanvraag is te laat doorgezet/)
        .nth(1)
        .waitFor();
      await expectAccessible(b.page, 'approval with draft and letter preview at 320 px');
      expect(await noOverflow(b.page)).toBeLessThanOrEqual(0);
      await record(b.page, 'Oordeel goedgekeurd');
      expect(await b.page.getByTestId('case-status').textContent()).toBe('Afgehandeld met oordeel');
      await b.page.getByRole('link', { name: /Oordeel op uw klacht aan melder/ }).waitFor();

      // The case page in English.
      await b.page.getByRole('button', { name: 'English' }).click();
      await b.page.getByTestId('case-status').filter({ hasText: 'Decided' }).waitFor();
      await b.page.getByRole('heading', { name: 'Deadlines' }).waitFor();
      await expectAccessible(b.page, 'case page in English at 320 px');
      expect(await noOverflow(b.page)).toBeLessThanOrEqual(0);
      await b.page.getByRole('button', { name: 'Nederlands' }).click();
    } finally {
      await b.context.close();
    }
  });

  it('STH Helmond: dissatisfaction becomes a complaint at the manager, who mediates', async () => {
    const { page, context } = await newPage(browser, server.url, { width: 320, height: 700 });
    try {
      await page.goto('/o/sth-helmond');
      await ready(page, 'Melding doen bij STH Helmond', 'sth form 320');
      // The provider's own name, not the installation's red footer.
      await page.getByTestId('brand').filter({ hasText: 'STH Helmond' }).waitFor();
      expect(await page.getByTestId('footer').textContent()).toContain('STH Helmond');
      expect(await page.getByTestId('footer').evaluate((el) => getComputedStyle(el).backgroundImage)).toBe('none');
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
      await page.getByLabel('Zeggen dat iets niet goed gaat').check();
      await page.getByRole('button', { name: 'Volgende' }).click();
      await ready(page, 'Zeggen dat iets niet goed gaat', 'sth dissatisfaction form 320');
      expect(await noOverflow(page)).toBeLessThanOrEqual(0);
      await page.getByLabel('Uw naam').fill('Sanne Hendriks');
      await page.getByLabel(/^E-mailadres/).fill('sanne@voorbeeld.test');
      await page.getByLabel('Vertel wat er is gebeurd').fill('De medewerker kwam niet op de afgesproken tijd.');
      await page.getByRole('button', { name: 'Verstuur' }).click();
      await ready(page, 'Bedankt, wij hebben uw melding ontvangen', 'sth done 320');
      const reference = (await page.getByTestId('reference').textContent()) ?? '';

      // English, and the objection route: no case is made.
      await page.goto('/o/sth-helmond');
      await page.getByRole('button', { name: 'English' }).click();
      await ready(page, 'Contact STH Helmond', 'sth form english');
      await page.getByLabel('I disagree with a decision').check();
      await page.getByRole('button', { name: 'Next' }).click();
      await ready(page, 'Disagreeing with a decision', 'objection route');
      await page.getByText(/within 6 weeks of the date of the decision/).waitFor();
      await page.getByRole('button', { name: 'Nederlands' }).click();
      await page.setViewportSize({ width: 1280, height: 900 });

      await login(page, users.sthManager.email, '/cases?view=all');
      await ready(page, 'Werkvoorraad', 'sth queue');
      await page.getByRole('link', { name: reference }).click();
      await ready(page, new RegExp(reference), 'sth case');
      await record(page, 'Doorgezet naar een hoger niveau', async () => {
        await page.getByLabel('Naar niveau').selectOption({ label: 'Bemiddeling door de leidinggevende' });
      });
      expect(await page.getByTestId('case-level').textContent()).toBe('Bemiddeling door de leidinggevende');
      await page.getByText('Klacht (was: Onvrede)').waitFor();
      await record(page, 'Bemiddeling', async () => {
        await page.getByLabel('Afspraken').fill('Vaste tijd afgesproken; de leidinggevende belt na twee weken.');
      });
      await page
        .getByTestId('timeline')
        .getByText(/\d{4}: Bemiddeling/)
        .waitFor();
      await expectAccessible(page, 'sth case mediated');
    } finally {
      await context.close();
    }
  });
});
