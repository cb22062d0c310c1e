import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startServer } from './server.ts';
import type { TestServer } from './server.ts';
import { launchBrowser } from './browser.ts';
import { expectAccessible } from './axe.ts';
import { ApiClient } from './api.ts';

/**
 * What the story tests (cases, reports) share: a server and a browser, the
 * organisations and people they set up through the API, and the steps every
 * page visit takes.
 */

/** The password of every person a story creates. */
export const password = 'e2e-wachtwoord-lang-genoeg';
/** Where the README's screenshots are written. */
export const docsDir = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

export interface Person {
  name: string;
  email: string;
}

export interface StoryEnv {
  server: TestServer;
  browser: Browser;
  /** Creates an organisation under a regulation; `extra`: more fields of the request (contact details, parentId). */
  org: (name: string, slug: string, regulationId: string, extra?: Record<string, unknown>) => Promise<{ id: string }>;
  /** Creates a person with one role in one organisation. */
  user: (person: Person, organisationId: string, role: string) => Promise<void>;
  /** An API client logged in as the person. */
  as: (person: Person) => Promise<ApiClient>;
  stop: () => Promise<void>;
}

/** Starts the server and the browser and logs the platform administrator in. */
export async function startStories(): Promise<StoryEnv> {
  const server = await startServer();
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.stop();
    throw error;
  }
  await mkdir(docsDir, { recursive: true });
  const admin = new ApiClient(server.url);
  await admin.login(server.adminEmail, server.adminPassword);
  return {
    server,
    browser,
    org: (name, slug, regulationId, extra = {}) => admin.request<{ id: string }>('POST', '/organisations', { name, slug, regulationId, ...extra }),
    user: async (person, organisationId, role) => {
      await admin.request('POST', '/users', { name: person.name, email: person.email, password, memberships: [{ organisationId, role }] });
    },
    as: async (person) => {
      const client = new ApiClient(server.url);
      await client.login(person.email, password);
      return client;
    },
    stop: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/** Waits for the page's h1 and for loading to end, then runs axe. */
export async function ready(page: Page, h1: string | RegExp, label: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.kw-loading'));
  await expectAccessible(page, label);
}

/** Logs in through the login page, which then goes on to `next`. */
export async function login(page: Page, email: string, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

/** How far the page scrolls sideways (0 or less: it does not). */
export const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
