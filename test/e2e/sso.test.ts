import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startServer, type TestServer } from './server.ts';
import { launchBrowser, newPage } from './browser.ts';
import { expectAccessible } from './axe.ts';
import { ApiClient } from './api.ts';
import { freePort } from '../helpers/net.ts';
import { startTestIdp, type TestIdp } from '../helpers/oidc-provider.ts';

/**
 * A municipality's employee signs in through the organisation's identity
 * provider in Chromium: our login page (axe-checked), the provider's own login
 * and consent pages, back to Klachtwijzer signed in, and out again through the
 * provider's logout.
 */
let server: TestServer;
let browser: Browser;
let idp: TestIdp;
let orgId: string;

beforeAll(async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  idp = await startTestIdp(`${url}/api/v1/auth/oidc/callback`, `${url}/login`);
  server = await startServer({ port, env: { KW_E2E_OIDC_SECRET: idp.clientSecret } });
  browser = await launchBrowser();
  const admin = new ApiClient(server.url);
  await admin.login(server.adminEmail, server.adminPassword);
  const org = await admin.request<{ id: string }>('POST', '/organisations', { name: 'Gemeente Voorbeeld', regulationId: 'awb-gemeente' });
  orgId = org.id;
  await admin.request('POST', '/auth/identity-providers', {
    organisationId: org.id,
    name: 'Gemeente Voorbeeld',
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecretEnv: 'KW_E2E_OIDC_SECRET',
    scopes: 'openid email profile groups',
    groupsClaim: 'groups',
    roleMappings: [{ group: 'klachtbehandelaars', organisationId: org.id, role: 'complaints-officer' }],
  });
  idp.accounts.set('jdevries', { email: 'j.devries@voorbeeld.example', name: 'Jan de Vries', groups: ['klachtbehandelaars'] });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await idp?.close();
});

describe('single sign-on in the browser', () => {
  it("shows the organisation's own sign-in on its admin page, with the redirect URI to register", async () => {
    const { context, page } = await newPage(browser, server.url);
    try {
      await page.goto(`/login?next=${encodeURIComponent(`/admin/organisations/${orgId}`)}`);
      await page.getByLabel('E-mailadres').fill(server.adminEmail);
      await page.getByLabel('Wachtwoord').fill(server.adminPassword);
      await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
      await page.getByRole('heading', { level: 2, name: /Inloggen via de eigen inlog/ }).waitFor();
      await page.getByText(`${server.url}/api/v1/auth/oidc/callback`).waitFor();
      await page.getByText('Groep ‘klachtbehandelaars’ geeft de rol klachtenfunctionaris').waitFor();
      await page.waitForFunction(() => !document.querySelector('.kw-loading'));
      await expectAccessible(page, 'organisation with SSO');
    } finally {
      await context.close();
    }
  });

  it("signs in through the provider's login page and out again", async () => {
    const { context, page } = await newPage(browser, server.url);
    try {
      await page.goto('/login');
      const button = page.getByRole('link', { name: 'Inloggen met Gemeente Voorbeeld' });
      await button.waitFor();
      await expectAccessible(page, 'login with SSO');
      await button.click();
      // The provider's own pages (oidc-provider's development login and consent).
      await page.waitForURL(`${idp.issuer}/**`);
      await page.locator('input[name="login"]').fill('jdevries');
      await page.locator('input[name="password"]').fill('whatever');
      await page.locator('button[type="submit"]').click();
      await page.locator('button[type="submit"]').click(); // consent
      await page.waitForURL(`${server.url}/**`);
      await page.getByText('Jan de Vries').first().waitFor();
      await page.getByRole('link', { name: 'Werkvoorraad' }).first().waitFor();
      await expectAccessible(page, 'signed in through SSO');
      // Logging out ends the provider's session too.
      await page.getByRole('button', { name: /Uitloggen/ }).click();
      await page.waitForURL(`${idp.issuer}/**`);
      await page.locator('button[name="logout"][value="yes"], button[value="yes"]').first().click();
      await page.waitForURL(`${server.url}/login**`);
      expect(await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)).toBe(401);
    } finally {
      await context.close();
    }
  }, 120_000);
});
