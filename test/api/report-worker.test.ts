import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { post, setUpOrganisation } from '../helpers/world.ts';
import { reportFor, reportRunner } from '../../src/server/reports/reports.service.ts';
import { reportPeriod } from '../../src/domain/index.ts';

// Reports run in a worker thread with its own connection (issue 14): the same
// report as inline, counted month by month.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('report worker', () => {
  it('gives the same annual report as the request thread, over cases in several months [000 §4]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const year = new Date().getUTCFullYear();
    for (const [i, day] of [`${year}-01-05`, `${year}-01-31`, `${year}-02-01`, `${year}-03-15`, `${year}-03-16`, `${year}-03-17`].entries()) {
      if (day > new Date().toISOString().slice(0, 10)) continue;
      const c = await post(t, '/api/v1/cases', cookie, { organisationId: org.id, kind: 'complaint', channel: 'post', receivedAt: day, complainant: { name: `R. Maand ${i}`, role: 'client' }, description: 'Brief kwam niet aan.' });
      expect(c.statusCode, c.body).toBe(201);
      if (i % 2 === 0) expect((await post(t, `/api/v1/cases/${c.json().id}/events`, cookie, { type: 'withdrawn' })).statusCode).toBe(201);
    }
    const runner = reportRunner(t.database.config, 1000);
    try {
      const inWorker = await runner.run([org.id], reportPeriod(year), false);
      const inline = await reportFor(t.database.db, [org.id], reportPeriod(year), false);
      expect(inWorker).toEqual(inline);
      expect(inWorker.totals.total).toEqual(inline.totals.total);
      const half = await runner.run([org.id], reportPeriod(year, 1), false);
      expect(half.period).toEqual({ from: `${year}-01-01`, to: `${year}-06-30` });
    } finally {
      await runner.close();
    }
  });

  it('a failing report rejects its request, and the next one works', async () => {
    const runner = reportRunner(t.database.config, 1000);
    try {
      await expect(runner.run(['x'], { from: '2026-02-01', to: '2026-01-01' }, false)).rejects.toThrow(/period ends/);
      const ok = await runner.run(['x'], reportPeriod(2026), false);
      expect(ok.totals.total?.value).toBe(0);
    } finally {
      await runner.close();
    }
  });
});
