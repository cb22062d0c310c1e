import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer } from './server.ts';
import type { TestServer } from './server.ts';
import { launchBrowser, newPage, screenshot } from './browser.ts';
import { expectAccessible } from './axe.ts';
import { generate } from 'otplib';
import { ApiClient, ensureUser } from './api.ts';

/**
 * Acceptance test of slice 1: the platform administrator logs in, creates an
 * organisation (regulation stadsring51) and a complaints officer for it, logs
 * out; the officer logs in and sees the shell. Every page visited is checked
 * with axe (WCAG 2.1 AA).
 */
let server: TestServer;
let browser: Browser;

const officer = {
  name: 'Fatima el Amrani',
  email: 'f.elamrani@stadsring51.test',
  password: 'klachten-2026-veilig',
};
const organisationName = 'Stadsring51 Wijkteams';

/** Later tests need the officer; create it through the API when the acceptance test did not. */
async function ensureOfficer(): Promise<void> {
  const admin = new ApiClient(server.url);
  await admin.login(server.adminEmail, server.adminPassword);
  await ensureUser(admin, { ...officer, role: 'complaints-officer' }, organisationName);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Waits for the page's h1 and runs axe on the page. */
async function visited(page: Page, name: string | RegExp, label: string): Promise<void> {
  await heading(page, name);
  await page.waitForFunction(() => !document.querySelector('.kw-loading'));
  await expectAccessible(page, label);
  await screenshot(page, label);
}

async function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

describe('slice 1: onboarding an organisation', () => {
  it('admin creates an organisation and a complaints officer; the officer logs in', async () => {
    const { page, context } = await newPage(browser, server.url);
    try {
      // Anonymous visitors are sent to the login page.
      await page.goto('/admin/organisations');
      await visited(page, 'Inloggen', '01-login');
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.getAttribute('html', 'lang')).toBe('nl');

      // Browser-side validation: an error summary that takes focus and links to the fields.
      await page.getByRole('button', { name: 'Inloggen' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Er is een probleem' });
      await summary.waitFor();
      expect(await page.evaluate(() => document.activeElement?.classList.contains('kw-error-summary'))).toBe(true);
      await expectAccessible(page, 'login with errors');
      await screenshot(page, '02-login-errors');
      await summary.getByRole('link', { name: 'Vul uw e-mailadres in.' }).click();
      expect(await focusedId(page)).toBe('login-email');

      // A wrong password is reported without saying which half was wrong.
      await page.getByLabel('E-mailadres').fill(server.adminEmail);
      await page.getByLabel('Wachtwoord').fill('niet-het-goede-wachtwoord');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await page.getByText('Het e-mailadres of wachtwoord is onjuist.').waitFor();

      await page.getByLabel('Wachtwoord').fill(server.adminPassword);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      // After login the user lands on the page they asked for.
      await visited(page, 'Organisaties', '03-organisations-empty');
      expect(new URL(page.url()).pathname).toBe('/admin/organisations');

      // Create the organisation.
      await page.getByRole('link', { name: 'Nieuwe organisatie' }).click();
      await visited(page, 'Nieuwe organisatie', '04-organisation-new');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

      // A server-side 400 (name too short) is shown in the summary with a link to the field.
      await page.getByLabel('Naam', { exact: true }).fill('S');
      await page.getByLabel('Klachtenregeling').selectOption('stadsring51');
      await page.getByRole('button', { name: 'Organisatie aanmaken' }).click();
      const serverSummary = page.getByRole('alert').filter({ hasText: 'Er is een probleem' });
      await serverSummary.waitFor();
      await expectAccessible(page, 'organisation form with server errors');
      await screenshot(page, '05-organisation-server-error');
      // The server's English validation message is shown in Dutch.
      await serverSummary.getByRole('link', { name: 'Naam: Moet minimaal 2 tekens lang zijn.' }).click();
      expect(await focusedId(page)).toBe('organisation-name');

      await page.getByLabel('Naam', { exact: true }).fill(organisationName);
      await page.getByLabel('Straat en huisnummer').fill('Stationsplein 1');
      await page.getByLabel('Postcode').fill('1234 ab');
      await page.getByLabel('Plaats').fill('Zoetermeer');
      await page.getByRole('textbox', { name: /^E-mailadres/ }).fill('klachten@stadsring51.test');
      await page.getByRole('button', { name: 'Organisatie aanmaken' }).click();
      await visited(page, organisationName, '06-organisation-detail');
      await page.getByText(`Organisatie ‘${organisationName}’ is aangemaakt.`).waitFor();
      const organisationId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
      expect(organisationId).not.toBe('');
      expect(await page.getByLabel('Postcode').inputValue()).toBe('1234 AB');

      // The organisation's public form address, to copy or print as a QR code.
      const slug = new URL((await page.getByTestId('public-url').textContent()) ?? '').pathname.split('/').pop() ?? '';
      expect(slug).not.toBe('');
      await page.getByRole('img', { name: /^QR-code met het adres .*\/o\// }).waitFor();

      // Its own look on the public pages: a brand colour and a logo.
      await page.getByLabel(/^Huiskleur/).fill('rood');
      await page.getByRole('region', { name: 'Gegevens', exact: true }).getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page.getByRole('link', { name: 'Vul een kleurcode in zoals #1f5fa8.' }).waitFor();
      await expectAccessible(page, 'organisation form with a wrong colour');
      await page.getByLabel(/^Huiskleur/).fill('#1f5fa8');
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="#1f5fa8"/></svg>';
      await page.setInputFiles('#organisation-logo', { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) });
      await page.getByRole('img', { name: 'Huidig logo' }).waitFor();
      await page.getByRole('region', { name: 'Gegevens', exact: true }).getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page.getByText('De wijzigingen zijn opgeslagen.').first().waitFor();
      const citizen = await newPage(browser, server.url);
      try {
        await citizen.page.goto(`/o/${slug}`);
        await citizen.page.getByRole('heading', { level: 1, name: `Melding doen bij ${organisationName}` }).waitFor();
        await citizen.page.getByTestId('brand').filter({ hasText: organisationName }).waitFor();
        expect(await citizen.page.getByTestId('brand').locator('img').count()).toBe(1);
        const footer = citizen.page.getByTestId('footer');
        expect(await footer.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(31, 95, 168)');
        expect(await footer.textContent()).toContain(organisationName);
        expect(await footer.textContent()).not.toContain('Klachtwijzer —');
        await expectAccessible(citizen.page, 'public form in the organisation’s colours');
      } finally {
        await citizen.context.close();
      }

      // Add a team.
      await page.getByLabel('Naam van het team').fill('Team Noord');
      await page.getByRole('button', { name: 'Team toevoegen' }).click();
      await page.getByText('Team ‘Team Noord’ is toegevoegd.').waitFor();
      await page.getByRole('listitem').filter({ hasText: 'Team Noord' }).waitFor();
      await expectAccessible(page, 'organisation detail with team');

      // Create the complaints officer.
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Gebruikers' }).click();
      await visited(page, 'Gebruikers', '07-users');
      await page.getByRole('link', { name: 'Nieuwe gebruiker' }).click();
      await visited(page, 'Nieuwe gebruiker', '08-user-new');
      await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
      await page.getByRole('alert').filter({ hasText: 'Er is een probleem' }).waitFor();
      await expectAccessible(page, 'user form with errors');
      await page.getByLabel('Naam', { exact: true }).fill(officer.name);
      await page.getByLabel('E-mailadres', { exact: true }).fill(officer.email);
      await page.getByLabel('Tijdelijk wachtwoord').fill(officer.password);
      await page.getByLabel('Organisatie', { exact: true }).selectOption({ label: organisationName });
      await page.getByLabel('Rol', { exact: true }).selectOption({ label: 'klachtenfunctionaris' });
      await page.getByLabel('Team').selectOption({ label: 'Team Noord' });
      await screenshot(page, '09-user-new-filled');
      await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
      await visited(page, officer.name, '10-user-detail');
      await page.getByText(`Gebruiker ‘${officer.name}’ is aangemaakt.`).waitFor();

      // A second account with the same email address: the 409 lands at the email field.
      await page.goto('/admin/users/new');
      await visited(page, 'Nieuwe gebruiker', '10b-user-new-direct');
      await page.getByLabel('Naam', { exact: true }).fill('Dubbele Fatima');
      await page.getByLabel('E-mailadres', { exact: true }).fill(officer.email);
      await page.getByLabel('Tijdelijk wachtwoord').fill(officer.password);
      await page.getByLabel('Organisatie', { exact: true }).selectOption({ label: organisationName });
      await page.getByLabel('Rol', { exact: true }).selectOption({ label: 'medewerker' });
      await page.getByRole('button', { name: 'Gebruiker aanmaken' }).click();
      await page.getByRole('link', { name: 'Er bestaat al een gebruiker met dit e-mailadres.' }).click();
      expect(await focusedId(page)).toBe('user-email');

      // The user list, filtered by organisation, shows the officer with a Dutch role label.
      await page.goto(`/admin/users?organisationId=${encodeURIComponent(organisationId)}`);
      await visited(page, 'Gebruikers', '11-users-filtered');
      await page.getByRole('cell', { name: `klachtenfunctionaris – ${organisationName}` }).waitFor();

      // The audit log records what happened.
      await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Auditlog' }).click();
      await visited(page, 'Auditlog', '12-audit');
      await page.getByRole('cell', { name: 'organisation.created' }).first().waitFor();

      // Log out.
      await page.getByRole('button', { name: 'Uitloggen' }).click();
      await visited(page, 'Inloggen', '13-logged-out');
      await page.getByText('U bent uitgelogd.').waitFor();

      // The officer logs in and sees the shell, without admin navigation.
      await page.getByLabel('E-mailadres').fill(officer.email);
      await page.getByLabel('Wachtwoord').fill(officer.password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await visited(page, 'Start', '14-officer-home');
      await page.getByText(`Ingelogd als ${officer.name}`).waitFor();
      await page.getByText(`klachtenfunctionaris bij ${organisationName}`).waitFor();
      const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
      expect(await nav.getByRole('link').allTextContents()).toEqual([
        'Start',
        'Werkvoorraad',
        'Registreren',
        'Goedkeuren',
        'Dashboard',
        'Maatregelen',
        'Klachtenregeling',
        'Mijn account',
      ]);

      // Keyboard: on a fresh page load the skip link comes first and moves focus to the main content.
      await page.reload();
      await heading(page, 'Start');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Naar de hoofdinhoud');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'main');

      // Admin pages are not for officers.
      await page.goto('/admin/organisations');
      await visited(page, 'Geen toegang', '15-officer-forbidden');
    } finally {
      await context.close();
    }
  });

  it('switches to English, remembers the choice, and works at 320 px', async () => {
    await ensureOfficer();
    const { page, context } = await newPage(browser, server.url, { width: 320, height: 640 });
    try {
      await page.goto('/login');
      await visited(page, 'Inloggen', '20-login-320');
      await page.getByRole('button', { name: 'English' }).click();
      await heading(page, 'Log in');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.reload();
      await visited(page, 'Log in', '21-login-english');
      expect(await page.getAttribute('html', 'lang')).toBe('en');

      await page.getByLabel('Email address').fill(officer.email);
      await page.getByLabel('Password').fill(officer.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await visited(page, 'Home', '22-home-english-320');
      await page.getByText(`complaints officer at ${organisationName}`).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      await page.getByRole('link', { name: 'My account' }).click();
      await visited(page, 'My account', '23-account-english-320');
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

      await page.getByRole('button', { name: 'Nederlands' }).click();
      await heading(page, 'Mijn account');
      expect(await page.getAttribute('html', 'lang')).toBe('nl');
    } finally {
      await context.close();
    }
  });

  it('account: changes the password and manages API tokens', async () => {
    await ensureOfficer();
    const { page, context } = await newPage(browser, server.url);
    try {
      await page.goto('/login?next=/account');
      await heading(page, 'Inloggen');
      await page.getByLabel('E-mailadres').fill(officer.email);
      await page.getByLabel('Wachtwoord').fill(officer.password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await visited(page, 'Mijn account', '30-account');

      // Wrong current password: reported at the field, in Dutch.
      await page.getByLabel('Huidig wachtwoord').fill('dit-is-niet-goed');
      await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill('een-nieuw-lang-wachtwoord');
      await page.getByLabel('Herhaal het nieuwe wachtwoord').fill('een-nieuw-lang-wachtwoord');
      await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
      await page.getByRole('link', { name: 'Het huidige wachtwoord is onjuist.' }).waitFor();
      await expectAccessible(page, 'account with password error');

      await page.getByLabel('Huidig wachtwoord').fill(officer.password);
      await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
      await page.getByText('Uw wachtwoord is gewijzigd.').waitFor();

      // Create a token: shown once.
      await page.getByRole('textbox', { name: /^Naam/ }).fill('Koppeling zaaksysteem');
      await page.getByRole('button', { name: 'Token aanmaken' }).click();
      const token = await page.getByTestId('new-token').textContent();
      expect(token?.length ?? 0).toBeGreaterThan(20);
      await page.getByRole('cell', { name: 'Koppeling zaaksysteem', exact: true }).waitFor();
      await expectAccessible(page, 'account with new token');
      await screenshot(page, '31-account-token');

      // The token works as a bearer token against the API.
      const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);

      // Revoke it.
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Intrekken: Koppeling zaaksysteem' }).click();
      await page.getByText('Token ‘Koppeling zaaksysteem’ is ingetrokken.').waitFor();
      await page.getByText('U heeft nog geen API-tokens.').waitFor();
      const after = await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(after.status).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('account: sets up two-step verification, then logs in with a code from the app', async () => {
    const manager = { name: 'Joost Verbeek', email: 'j.verbeek@stadsring51.test', password: 'tulpen-in-de-vensterbank', role: 'manager' };
    const admin = new ApiClient(server.url);
    await admin.login(server.adminEmail, server.adminPassword);
    await ensureUser(admin, manager, organisationName);
    const { page, context } = await newPage(browser, server.url);
    try {
      await page.goto('/login?next=/account');
      await heading(page, 'Inloggen');
      await page.getByLabel('E-mailadres').fill(manager.email);
      await page.getByLabel('Wachtwoord').fill(manager.password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await visited(page, 'Mijn account', '32-account-second-factor-off');

      await page.getByRole('button', { name: 'Tweestapsverificatie instellen' }).click();
      const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await page.getByRole('img', { name: /QR-code/ }).waitFor();
      await expectAccessible(page, 'account enrolling a second factor');
      await screenshot(page, '33-account-second-factor-enrol');
      await page.getByRole('textbox', { name: /^Code/ }).fill(await generate({ secret }));
      await page.getByRole('button', { name: 'Bevestigen' }).click();
      await page.getByTestId('recovery-codes').waitFor();
      const codes = (await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents()).map((c) => c.trim());
      expect(codes).toHaveLength(10);
      await expectAccessible(page, 'account with recovery codes');
      await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
      await page.getByText(/Tweestapsverificatie staat aan sinds/).waitFor();

      await page.getByRole('button', { name: 'Uitloggen' }).click();
      await heading(page, 'Inloggen');
      await page.getByLabel('E-mailadres').fill(manager.email);
      await page.getByLabel('Wachtwoord').fill(manager.password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await visited(page, 'Code uit uw authenticator-app', '34-login-second-factor');
      // The session is made only after the code.
      expect((await context.cookies()).some((c) => c.name.endsWith('kw_session'))).toBe(false);
      await page.getByRole('button', { name: 'Bevestigen' }).click();
      await page.getByRole('link', { name: 'Vul de code uit uw authenticator-app in.' }).waitFor();
      await expectAccessible(page, 'login second step with error');
      // The code of the next 30-second step: the enrolment used up the current one.
      await page.getByRole('textbox', { name: /^Code/ }).fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
      await page.getByRole('button', { name: 'Bevestigen' }).click();
      // Signed in: the shell with the logout button, on the start page.
      await page.getByRole('button', { name: 'Uitloggen' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      expect((await context.cookies()).some((c) => c.name.endsWith('kw_session'))).toBe(true);

      // New recovery codes, proven with the password and a recovery code; the old ones stop working.
      await page.getByRole('link', { name: 'Mijn account' }).click();
      await heading(page, 'Mijn account');
      await page.getByText(/Tweestapsverificatie staat aan sinds/).waitFor();
      await page.getByLabel('Wachtwoord', { exact: true }).fill(manager.password);
      await page.getByLabel('Code uit de app of een herstelcode').fill(codes[0]!);
      await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
      await page.getByTestId('recovery-codes').waitFor();
      const renewed = (await page.getByTestId('recovery-codes').getByRole('listitem').allTextContents()).map((c) => c.trim());
      expect(renewed).toHaveLength(10);
      expect(renewed).not.toContain(codes[1]);
      await expectAccessible(page, 'account with renewed recovery codes');
    } finally {
      await context.close();
    }
  });

  it('organisation: requiring two-step verification for admins sends an admin without it to set it up first', async () => {
    const orgAdmin = { name: 'Sanne Kuipers', email: 's.kuipers@stadsring51.test', password: 'regenboog-boven-de-dijk', role: 'admin' };
    const admin = new ApiClient(server.url);
    await admin.login(server.adminEmail, server.adminPassword);
    await ensureUser(admin, orgAdmin, organisationName);
    const { page, context } = await newPage(browser, server.url);
    try {
      await page.goto('/login?next=/admin/organisations');
      await heading(page, 'Inloggen');
      await page.getByLabel('E-mailadres').fill(orgAdmin.email);
      await page.getByLabel('Wachtwoord').fill(orgAdmin.password);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await heading(page, 'Organisaties');
      await page.getByRole('link', { name: organisationName }).click();
      await heading(page, organisationName);
      await page.getByRole('checkbox', { name: 'Beheerders moeten inloggen met tweestapsverificatie' }).check();
      await page.getByRole('region', { name: 'Inloggen', exact: true }).getByRole('button', { name: 'Opslaan', exact: true }).click();

      // She has no second factor yet: the app sends her to her account page, and the rest waits.
      await visited(page, 'Mijn account', '35-account-second-factor-required');
      expect(new URL(page.url()).pathname).toBe('/account');
      await page.getByText('Uw organisatie vereist tweestapsverificatie voor beheerders.', { exact: false }).waitFor();
      expect(await page.getByRole('heading', { name: 'API-tokens' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Organisaties' }).click();
      await page.waitForURL((url) => url.pathname === '/account');
      await heading(page, 'Mijn account');

      await page.getByRole('button', { name: 'Tweestapsverificatie instellen' }).click();
      const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
      await page.getByRole('textbox', { name: /^Code/ }).fill(await generate({ secret }));
      await page.getByRole('button', { name: 'Bevestigen' }).click();
      await page.getByRole('button', { name: 'Ik heb de codes bewaard' }).click();
      await page.getByRole('heading', { name: 'API-tokens' }).waitFor();

      // Now the rest opens; she switches the rule off again, so the platform admin of the other tests is not bound by it.
      await page.getByRole('link', { name: 'Organisaties' }).click();
      await heading(page, 'Organisaties');
      await page.getByRole('link', { name: organisationName }).click();
      await heading(page, organisationName);
      const box = page.getByRole('checkbox', { name: 'Beheerders moeten inloggen met tweestapsverificatie' });
      expect(await box.isChecked()).toBe(true);
      await box.uncheck();
      await page.getByRole('region', { name: 'Inloggen', exact: true }).getByRole('button', { name: 'Opslaan', exact: true }).click();
      await page.getByText('Het inlogbeleid is opgeslagen.').waitFor();
    } finally {
      await context.close();
    }
  });
});
