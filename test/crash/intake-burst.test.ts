import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { testDialect } from '../helpers/db.ts';
import { setUpOrganisation } from '../helpers/world.ts';

// A burst of simultaneous public intakes for one organisation: every valid
// intake is answered 201 with its own reference; none fails with a 500.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

// On PostgreSQL this once failed: references came from max(seq)+1 and clashed.
// The counter row (case_counters) now hands them out one at a time.

describe('concurrent public intakes', () => {
  it(`answers every one of 100 intakes sent 20 at a time with 201 and a distinct reference (${testDialect})`, async () => {
    const { org } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const statuses: number[] = [];
    const references: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < 100) {
        const i = next++;
        const res = await t.app.inject({
          // Each from its own address, so the per-address limit of the public form does not interfere.
          method: 'POST',
          url: '/api/v1/public/cases',
          remoteAddress: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
          payload: { organisationId: org.id, kind: 'complaint', complainant: { name: `Klager ${i}`, role: 'client', email: `k${i}@example.org` }, description: `Klacht ${i}.` },
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 201) references.push(res.json().reference);
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    expect(
      statuses.filter((s) => s !== 201 && s !== 500),
      'nothing else than 201 (or the 500 of the bug)',
    ).toEqual([]);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
    expect(new Set(references).size).toBe(100);
  });
});
