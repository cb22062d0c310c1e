import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { nextAddress, problemsOf } from './fuzz.ts';

// The citizen's side without login: the public form (rate limited per
// address), the status page behind the secret link, a new link by mail, adding
// information and withdrawing.

let t: TestApp;
let org: { id: string; slug: string; name: string };
let officer: { id: string; cookie: string };
let employee: { id: string; cookie: string };

const form = (extra: Record<string, unknown> = {}) => ({
  organisation: org.slug,
  kind: 'complaint',
  description: 'Ik wacht al zes weken op een terugbelafspraak.',
  complainant: { name: 'Bram Jansen', role: 'client', email: 'bram@example.org' },
  ...extra,
});

/** Files a case through the public form from a fresh address; returns reference and token. */
async function intake(extra: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/public/cases', payload: form(extra), remoteAddress: nextAddress() });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json() as { reference: string; statusUrl: string };
  return { reference: body.reference, token: body.statusUrl.split('/').pop()!, statusUrl: body.statusUrl };
}

const status = (token: string, remoteAddress = nextAddress()) => t.app.inject({ method: 'GET', url: `/api/v1/public/status/${token}`, remoteAddress });
const publicPost = (url: string, payload: unknown, remoteAddress = nextAddress()) => t.app.inject({ method: 'POST', url, payload: payload as object, remoteAddress });

async function outboxFor(reference: string) {
  await t.app.settleIntake();
  const c = await t.database.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
  return t.database.db.selectFrom('outbox').select(['to_address', 'subject', 'body']).where('case_id', '=', c.id).orderBy('created_at').execute();
}

beforeAll(async () => {
  t = await createTestApp();
  const world = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee']);
  org = world.org;
  officer = world.people['complaints-officer']!;
  employee = world.people.employee!;
});

afterAll(async () => {
  await t?.close();
});

describe('the public form', () => {
  it('is rate limited per address: the 21st intake within the hour is 429 with retry-after, another address still gets 201', async () => {
    const address = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/public/cases', payload: form(), remoteAddress: address });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual(Array(20).fill(201));
    const limited = await t.app.inject({ method: 'POST', url: '/api/v1/public/cases', payload: form(), remoteAddress: address });
    expect(limited.statusCode, limited.body).toBe(429);
    expect(problemsOf(limited, {})).toEqual([]);
    expect(limited.json().error.code).toBe('rate-limited');
    const retry = Number(limited.headers['retry-after']);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(3600);
    // Refused intakes store nothing.
    const count = await t.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('ip', '=', address)
      .where('action', '=', 'case.created')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBeLessThanOrEqual(20);
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/public/cases', payload: form(), remoteAddress: '203.0.113.8' });
    expect(other.statusCode, other.body).toBe(201);
  });

  it('refuses an invalid submission with 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/public/cases', payload: form({ kind: 'grumble' }), remoteAddress: nextAddress() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('kind');
  });
});

describe('the status page', () => {
  it('answers a wrong token with a plain 404 that says nothing about cases', async () => {
    const real = await intake();
    const wrong = [
      'A'.repeat(43),
      `${real.token.slice(0, -1)}${real.token.endsWith('A') ? 'B' : 'A'}`,
      real.token.toLowerCase() === real.token ? 'B'.repeat(43) : real.token.toLowerCase(),
    ];
    const bodies = new Set<string>();
    for (const tok of wrong) {
      const res = await status(tok);
      expect(res.statusCode, `${tok} → ${res.body}`).toBe(404);
      expect(problemsOf(res, {})).toEqual([]);
      expect(res.body).not.toContain(real.reference);
      expect(res.body).not.toContain(org.name);
      expect(res.body).not.toContain(org.slug);
      expect(res.body).not.toMatch(/hash|token|sql|select/i);
      bodies.add(res.body);
    }
    // Every wrong token gets the same answer.
    expect(bodies.size).toBe(1);
    // Writes behind a wrong token are the same plain 404.
    const msg = await publicPost(`/api/v1/public/status/${'A'.repeat(43)}/messages`, { text: 'Hallo' });
    expect(msg.statusCode).toBe(404);
    expect(msg.body).toBe([...bodies][0]);
    const ok = await status(real.token);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().reference).toBe(real.reference);
    // The page shows no person data of the complainant.
    expect(ok.body).not.toContain('bram@example.org');
  });
});

describe('a new status link', () => {
  it('answers the same 202 whether or not the pair exists, and only a real pair mails a new link and ends the old one', async () => {
    const real = await intake({ complainant: { name: 'Bram Jansen', role: 'client', email: 'Bram.Jansen@example.org' } });
    const other = await intake({ complainant: { name: 'Cor de Wit', role: 'client', email: 'cor@example.org' } });
    const mailsBefore = (await outboxFor(real.reference)).length;
    const otherBefore = (await outboxFor(other.reference)).length;
    const totalBefore = Number(
      (
        await t.database.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    const ask = (email: string, reference: string) => publicPost('/api/v1/public/status-link', { email, reference });
    const misses = [
      ['bram.jansen@example.org', 'NOPE-2026-9999'], // unknown reference
      ['someone@example.org', real.reference], // real reference, other address
      ['cor@example.org', real.reference], // another complainant's address
      ['bram.jansen@example.org', other.reference], // another case
    ] as const;
    const answers: string[] = [];
    for (const [email, reference] of misses) {
      const res = await ask(email, reference);
      expect(res.statusCode, `${email} ${reference} → ${res.body}`).toBe(202);
      answers.push(res.body);
    }
    expect(
      Number(
        (
          await t.database.db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(totalBefore);
    expect((await status(real.token)).statusCode).toBe(200);

    // The real pair, with the e-mail address and reference in other case.
    const hit = await ask('BRAM.JANSEN@EXAMPLE.ORG', real.reference.toLowerCase());
    expect(hit.statusCode, hit.body).toBe(202);
    answers.push(hit.body);
    expect(new Set(answers).size, `different answers: ${answers.join(' | ')}`).toBe(1);

    const mails = await outboxFor(real.reference);
    expect(mails.length).toBe(mailsBefore + 1);
    const mail = mails.at(-1)!;
    expect(mail.to_address.toLowerCase()).toBe('bram.jansen@example.org');
    expect(mail.subject).toContain(real.reference);
    expect((await outboxFor(other.reference)).length).toBe(otherBefore);

    // The old link stops working; the mailed one works.
    expect((await status(real.token)).statusCode).toBe(404);
    const fresh = /\/status\/([\w-]{43})/.exec(mail.body)?.[1];
    expect(fresh, mail.body).toBeDefined();
    expect(fresh).not.toBe(real.token);
    const page = await status(fresh!);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().reference).toBe(real.reference);
  });

  it('refuses malformed requests with 400 naming the field, and is rate limited per address', async () => {
    const bad = await publicPost('/api/v1/public/status-link', { email: 'not-an-address', reference: 'X-2026-0001' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('email');
    const address = '198.51.100.23';
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await publicPost('/api/v1/public/status-link', { email: 'x@example.org', reference: 'NOPE-2026-0001' }, address)).statusCode);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(codes[10]).toBe(429);
  });
});

describe('adding information and withdrawing', () => {
  it('adds the complainant’s information to the notes as not internal, visible to the respondent', async () => {
    const officerCase = await post(t, '/api/v1/cases', officer.cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'email',
      receivedAt: '2026-03-04',
      complainant: { name: 'Bram Jansen', role: 'client', email: 'bram@example.org' },
      respondents: [{ userId: employee.id }],
      description: 'Telefonisch gemeld: afspraak niet nagekomen.',
    });
    expect(officerCase.statusCode, officerCase.body).toBe(201);
    const c = officerCase.json();
    const token = String(c.statusUrl).split('/').pop()!;
    const text = 'Aanvulling: het ging ook mis op 12 februari. <b>niet vet</b>';
    const res = await publicPost(`/api/v1/public/status/${token}/messages`, { text });
    expect(res.statusCode, res.body).toBe(201);
    const noteId = res.json().id;

    const notes = (await get(t, `/api/v1/cases/${c.id}/notes`, officer.cookie)).json().items as { id: string; text: string; internal: boolean; authorUserId: string | null }[];
    const note = notes.find((n) => n.id === noteId);
    expect(note).toMatchObject({ text, internal: false, authorUserId: null });
    const seenByRespondent = (await get(t, `/api/v1/cases/${c.id}/notes`, employee.cookie)).json().items as { id: string }[];
    expect(seenByRespondent.map((n) => n.id)).toContain(noteId);
    const detail = (await get(t, `/api/v1/cases/${c.id}`, officer.cookie)).json();
    expect(detail.events.map((e: { type: string }) => e.type)).toContain('information-added');

    for (const [payload, field] of [
      [{}, 'text'],
      [{ text: '   ' }, 'text'],
      [{ text: 42 }, 'text'],
      [{ text: 'x'.repeat(10_001) }, 'text'],
      [{ text: 'ok', internal: true }, 'internal'],
    ] as const) {
      const bad = await publicPost(`/api/v1/public/status/${token}/messages`, payload);
      expect(bad.statusCode, `${JSON.stringify(payload).slice(0, 60)} → ${bad.body}`).toBe(400);
      expect(bad.json().error.message).toContain(field);
    }
  });

  it('withdraws only with confirm: true, then ends the case for further messages', async () => {
    const { token } = await intake();
    const url = `/api/v1/public/status/${token}/withdraw`;
    for (const payload of [{}, { confirm: false }, { confirm: 'true' }, { confirm: 1 }, { reason: 'Opgelost' }, { confirm: null }]) {
      const res = await publicPost(url, payload);
      expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBe(400);
      expect(res.json().error.message).toContain('confirm');
    }
    expect((await status(token)).json().canWithdraw).toBe(true);
    expect((await status(token)).json().ended).toBe(false);

    const ok = await publicPost(url, { confirm: true, reason: 'Het is inmiddels opgelost.' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('withdrawn');
    const page = (await status(token)).json();
    expect(page.status).toBe('withdrawn');
    expect(page.canWithdraw).toBe(false);

    const again = await publicPost(url, { confirm: true });
    expect(again.statusCode, again.body).toBe(409);
    expect(problemsOf(again, {})).toEqual([]);
    const late = await publicPost(`/api/v1/public/status/${token}/messages`, { text: 'Nog iets.' });
    expect(late.statusCode, late.body).toBe(409);
    expect(problemsOf(late, {})).toEqual([]);
  });
});
