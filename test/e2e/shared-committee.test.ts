import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer } from './server.ts';
import type { TestServer } from './server.ts';
import { launchBrowser, newPage, screenshot } from './browser.ts';
import { expectAccessible } from './axe.ts';
import { ApiClient } from './api.ts';

/**
 * Issue 9 §2.4: one complaints committee for two social teams. The administrator of
 * the first creates it on the organisation's page, invites both, accepts for her own
 * organisation and appoints a member; the second's administrator accepts for hers.
 * A case of each reaches the committee; the member sees both on "Commissiezaken",
 * each with its organisation. Every page is checked with axe (WCAG 2.1 AA).
 */
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const PASSWORD = 'commissie-2026-veilig';
interface Org {
  id: string;
  name: string;
  slug: string;
}

async function visited(page: Page, name: string | RegExp, label: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.kw-loading'));
  await expectAccessible(page, label);
  await screenshot(page, label);
}

async function login(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).waitFor();
}

describe('a shared complaints committee', () => {
  it('is set up on the admin page; its member sees the referred cases of both organisations', async () => {
    const admin = new ApiClient(server.url);
    await admin.login(server.adminEmail, server.adminPassword);
    const orgs: Org[] = [];
    for (const name of ['Sociaal Team De Peel', 'Sociaal Team Kempen']) {
      orgs.push(await admin.request<Org>('POST', '/organisations', { name, regulationId: 'sth-helmond' }));
    }
    const [peel, kempen] = orgs as [Org, Org];
    const people = {
      adminPeel: 'beheer@depeel.test',
      adminKempen: 'beheer@kempen.test',
      managerPeel: 'leiding@depeel.test',
      managerKempen: 'leiding@kempen.test',
      member: 'voorzitter@commissie.test',
    };
    const user = (email: string, name: string, memberships: { organisationId: string; role: string }[]) =>
      admin.request('POST', '/users', { email, name, password: PASSWORD, memberships });
    await user(people.adminPeel, 'Petra Peel', [{ organisationId: peel.id, role: 'admin' }]);
    await user(people.adminKempen, 'Karin Kempen', [{ organisationId: kempen.id, role: 'admin' }]);
    await user(people.managerPeel, 'Menno Peel', [{ organisationId: peel.id, role: 'manager' }]);
    await user(people.managerKempen, 'Mila Kempen', [{ organisationId: kempen.id, role: 'manager' }]);
    await user(people.member, 'Mr. Jansen', []);

    const { page, context } = await newPage(browser, server.url);
    try {
      // De Peel's administrator creates the committee and invites both organisations.
      await login(page, people.adminPeel);
      await page.goto(`/admin/organisations/${peel.id}`);
      await visited(page, peel.name, 'committee-01-organisation');
      const section = page.getByRole('region', { name: 'Gezamenlijke klachtencommissie' });
      await section.getByText('Deze organisatie heeft nog geen gezamenlijke klachtencommissie.').waitFor();
      await section.getByRole('button', { name: 'Commissie maken' }).click();
      await section.getByRole('link', { name: 'Vul de naam van de commissie in.' }).waitFor();
      await expectAccessible(page, 'committee form with an error');
      await section.getByLabel('Naam van de commissie').fill('Klachtencommissie Peel en Kempen');
      await section.getByRole('button', { name: 'Commissie maken' }).click();
      await page.getByText('De commissie Klachtencommissie Peel en Kempen is gemaakt.').waitFor();
      const card = section.getByRole('region', { name: 'Klachtencommissie Peel en Kempen' });
      for (const slug of [peel.slug, kempen.slug]) {
        await card.getByLabel('Adresnaam van de organisatie').fill(slug);
        await card.getByRole('button', { name: 'Uitnodigen' }).click();
        await page.getByText('De uitnodiging is verstuurd.').waitFor();
      }
      await card
        .getByRole('listitem')
        .filter({ hasText: `${kempen.name}: Uitgenodigd` })
        .waitFor();
      // She accepts for her own organisation, choosing the committee level of its regulation.
      await card.getByLabel('Welk niveau van de klachtenregeling behandelt de commissie?').selectOption('committee');
      await card.getByRole('button', { name: 'Uitnodiging van Klachtencommissie Peel en Kempen aannemen' }).click();
      await page.getByText('De uitnodiging is aangenomen.', { exact: false }).waitFor();
      await card
        .getByRole('listitem')
        .filter({ hasText: `${peel.name}: Neemt deel` })
        .waitFor();
      // And appoints the chair, once for both.
      await card.getByLabel('E-mailadres van het lid').fill(people.member);
      await card.getByLabel('Rol in de commissie').selectOption('chair');
      await card.getByRole('button', { name: 'Benoemen' }).click();
      await page.getByText('Het lid is benoemd.').waitFor();
      await card.getByText('Mr. Jansen (voorzitter)').waitFor();
      await expectAccessible(page, 'committee set up');
      await screenshot(page, 'committee-02-set-up');
      await page.getByRole('button', { name: 'Uitloggen' }).click();

      // Kempen's administrator sees the invitation on her organisation's page and accepts it.
      await login(page, people.adminKempen);
      await page.goto(`/admin/organisations/${kempen.id}`);
      await visited(page, kempen.name, 'committee-03-invitation');
      const invited = page.getByRole('region', { name: 'Klachtencommissie Peel en Kempen' });
      await invited.getByText(`Beheerd door ${peel.name}.`).waitFor();
      await invited.getByLabel('Welk niveau van de klachtenregeling behandelt de commissie?').selectOption('committee');
      await invited.getByRole('button', { name: 'Uitnodiging van Klachtencommissie Peel en Kempen aannemen' }).click();
      await invited
        .getByRole('listitem')
        .filter({ hasText: `${kempen.name}: Neemt deel` })
        .waitFor();
      await expectAccessible(page, 'invitation accepted');
      await page.getByRole('button', { name: 'Uitloggen' }).click();
    } finally {
      await context.close();
    }

    // A complaint at each organisation goes on to the committee.
    const references: string[] = [];
    for (const [org, email] of [
      [peel, people.managerPeel],
      [kempen, people.managerKempen],
    ] as const) {
      const manager = new ApiClient(server.url);
      await manager.login(email, PASSWORD);
      const c = await manager.request<{ id: string; reference: string }>('POST', '/cases', {
        organisationId: org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt: '2026-11-02',
        complainant: { name: `Klant van ${org.name}`, role: 'client', email: 'klant@example.org' },
        description: 'De afspraken zijn niet nagekomen.',
      });
      await manager.request('POST', `/cases/${c.id}/events`, { type: 'escalated', toLevel: 'committee', on: '2026-11-09' });
      references.push(c.reference);
    }

    const member = await newPage(browser, server.url);
    try {
      await login(member.page, people.member);
      await member.page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Commissiezaken' }).click();
      await visited(member.page, 'Zaken voor de commissie', 'committee-04-queue');
      const table = member.page.getByRole('region', { name: 'Zaken voor de commissie' }).getByRole('table');
      for (const [i, org] of [peel, kempen].entries()) {
        await table
          .getByRole('row')
          .filter({ hasText: references[i]! })
          .filter({ hasText: org.name })
          .filter({ hasText: `Klant van ${org.name}` })
          .waitFor();
      }
      expect(await table.getByRole('row').count()).toBe(3); // header and two cases
      await table.getByRole('link', { name: references[1]! }).click();
      await visited(member.page, new RegExp(references[1]!), 'committee-05-case');
      // The member handles it at the committee level, but is no handler of the organisation.
      expect(await member.page.getByRole('button', { name: 'Wijs aan mij toe' }).count()).toBe(0);
      await member.page.getByRole('heading', { name: 'Volgende stap' }).waitFor();
    } finally {
      await member.context.close();
    }
  });
});
