import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { setUpOrganisation } from '../helpers/world.ts';

// A public intake whose answer was lost is sent again by the form with the same
// Idempotency-Key (issue "Trust" §5): it gets the first answer, not a second case.

let t: TestApp;
let org: { id: string };
beforeAll(async () => {
  t = await createTestApp();
  org = (await setUpOrganisation(t, 'stadsring51', [])).org;
});
afterAll(async () => {
  await t?.close();
});

const body = (n: string) => ({
  organisationId: org.id,
  kind: 'complaint',
  complainant: { name: `Klager ${n}`, role: 'client', email: 'k@example.org' },
  description: `Klacht ${n}`,
});
const file = (key: string | undefined, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/public/cases', headers: key === undefined ? {} : { 'idempotency-key': key }, payload });
// Counted once the cases of the acknowledged filings are written (they wait in the intake inbox a moment).
const count = async () => {
  await t.app.settleIntake();
  const row = await t.database.db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organisation_id', '=', org.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

describe('Idempotency-Key on the public intake', () => {
  it('answers a repeat with the first reference and status link, and files once', async () => {
    const before = await count();
    const key = crypto.randomUUID();
    const first = await file(key, body('a'));
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBe('false');
    const again = await file(key, body('a'));
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await count()).toBe(before + 1);
    // The replayed link is the real one.
    const token = (first.json().statusUrl as string).split('/').pop();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${token}` })).statusCode).toBe(200);
  });

  it('sent five times at once, it still files one case and every answer is the same', async () => {
    const before = await count();
    const key = crypto.randomUUID();
    const all = await Promise.all(Array.from({ length: 5 }, () => file(key, body('b'))));
    expect(all.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(all.map((r) => r.json().reference)).size).toBe(1);
    expect(await count()).toBe(before + 1);
  });

  it('refuses the same key with a different submission (409), and a weak or malformed key naming the header (400)', async () => {
    const key = crypto.randomUUID();
    expect((await file(key, body('c'))).statusCode).toBe(201);
    const other = await file(key, body('d'));
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('idempotency-key-reused');
    for (const bad of ['1', 'short-key', 'x'.repeat(129), 'spaces are not ok here']) {
      const res = await file(bad, body('e'));
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.message).toContain('Idempotency-Key');
    }
  });

  it('without a key nothing changes: two submissions are two cases', async () => {
    const before = await count();
    expect((await file(undefined, body('f'))).statusCode).toBe(201);
    expect((await file(undefined, body('f'))).statusCode).toBe(201);
    expect(await count()).toBe(before + 2);
  });

  it('does not keep the status token readable in the database', async () => {
    const key = crypto.randomUUID();
    const res = await file(key, body('g'));
    const token = (res.json().statusUrl as string).split('/').pop()!;
    const rows = await t.database.db.selectFrom('idempotency_keys').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(key);
  });
});
