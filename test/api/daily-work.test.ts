import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';

// What the back office needs for daily work (issue 13): previews of the letters
// an event sends, before anything is recorded.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const complaint = (organisationId: string, extra: Record<string, unknown> = {}) => ({
  organisationId,
  kind: 'complaint',
  channel: 'post',
  receivedAt: '2026-03-04',
  complainant: { name: 'Anna de Vries', role: 'client', email: 'anna@example.org', address: 'Hof 1, 3811 CD Amersfoort' },
  description: 'Mijn begeleider kwam drie keer niet opdagen zonder bericht.',
  ...extra,
});

type Preview = { afterApproval: boolean; letters: { kind: string; recipient: string; recipientName: string; subject: string; text: string }[] };

describe('letter preview', () => {
  it('names the letters and their recipients an event would send, and records nothing [004 §6.5]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee']);
    const officer = people['complaints-officer']!;
    const c = (await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { respondents: [{ userId: people.employee!.id }] }))).json();
    await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, { type: 'acknowledged', on: '2026-03-05' });
    await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, { type: 'admissibility-decided', admissible: true, on: '2026-03-05' });

    const res = await post(t, `/api/v1/cases/${c.id}/letters/preview`, officer.cookie, { type: 'hearing-scheduled', at: '2026-03-20T10:00', place: 'Stadsring 51, kamer 2.14' });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json() as Preview;
    expect(preview.afterApproval).toBe(false);
    // The invitation goes to both parties [004 §6.5], with the time as Amsterdam wall time and the place.
    expect(preview.letters.map((l) => l.recipient).sort()).toEqual(['complainant', 'respondent']);
    const toComplainant = preview.letters.find((l) => l.recipient === 'complainant')!;
    expect(toComplainant.recipientName).toBe('Anna de Vries');
    expect(toComplainant.kind).toBe('hearing-invitation');
    expect(toComplainant.text).toContain('10.00 uur');
    expect(toComplainant.text).toContain('Stadsring 51, kamer 2.14');

    // Nothing was recorded: no event, no letter.
    const after = (await get(t, `/api/v1/cases/${c.id}`, officer.cookie)).json();
    expect(after.status).toBe('in-progress');
    expect(after.events.some((e: { type: string }) => e.type === 'hearing-scheduled')).toBe(false);
    const letters = (await get(t, `/api/v1/cases/${c.id}/letters`, officer.cookie)).json();
    expect(letters.items.some((l: { kind: string }) => l.kind === 'hearing-invitation')).toBe(false);
  });

  it('answers 400 naming the field, 409 when the step does not fit, 403 for the respondent', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee']);
    const officer = people['complaints-officer']!;
    const c = (await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { respondents: [{ userId: people.employee!.id }] }))).json();
    const bad = await post(t, `/api/v1/cases/${c.id}/letters/preview`, officer.cookie, { type: 'hearing-scheduled', at: 'next tuesday' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.at');
    expect((await post(t, `/api/v1/cases/${c.id}/letters/preview`, officer.cookie, { type: 'decision-approved' })).statusCode).toBe(409);
    expect((await post(t, `/api/v1/cases/${c.id}/letters/preview`, people.employee!.cookie, { type: 'acknowledged' })).statusCode).toBe(403);
  });

  it('a decision under four-eyes shows the letters that go out once a colleague approves [001 §1D]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stichtse-vecht', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const c = (await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { level: 'formal' }))).json();
    expect(c.level).toBe('formal');
    await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, { type: 'hearing-skipped', ground: 'waived' });
    const res = await post(t, `/api/v1/cases/${c.id}/letters/preview`, officer.cookie, {
      type: 'decided',
      outcome: 'partly-well-founded',
      motivation: 'De aanvraag is te laat doorgezet.',
    });
    expect(res.statusCode, res.body).toBe(200);
    const preview = res.json() as Preview;
    expect(preview.afterApproval).toBe(true);
    const letter = preview.letters.find((l) => l.kind === 'decision' && l.recipient === 'complainant')!;
    expect(letter.text).toContain('De aanvraag is te laat doorgezet.');
  });
});

describe('deadlines', () => {
  it('a met deadline says the day it was met [004 §6.3]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const c = (await post(t, '/api/v1/cases', officer.cookie, complaint(org.id))).json();
    const ack = (await post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, { type: 'acknowledged', on: '2026-03-06' })).json();
    const d = ack.deadlines.find((x: { kind: string }) => x.kind === 'acknowledgement');
    expect(d).toMatchObject({ status: 'met', due: '2026-03-11', doneOn: '2026-03-06' });
    expect(ack.deadlines.find((x: { kind: string }) => x.kind === 'decision').doneOn).toBeUndefined();
  });
});

describe('the session probe', () => {
  it('answers 200 with the user, or with null when not logged in (no failed request in the console)', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ user: null, secondFactorEnrolmentRequired: false });
    const { people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const me = await get(t, '/api/v1/auth/session', people['complaints-officer']!.cookie);
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(people['complaints-officer']!.email);
    // A stale cookie is no session either.
    const stale = await get(t, '/api/v1/auth/session', 'kw_session=not-a-session');
    expect(stale.statusCode).toBe(200);
    expect(stale.json()).toEqual({ user: null, secondFactorEnrolmentRequired: false });
  });
});

describe('work-queue counts', () => {
  it('counts the open cases per view, within what the caller may see', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'complaints-officer']);
    const officer = people['complaints-officer']!;
    const colleague = people['complaints-officer-1']!;
    const other = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
    const old = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
    // Two new today (acknowledgement due within a week), one long overdue, one assigned to me.
    const a = (await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { receivedAt: today }))).json();
    await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { receivedAt: today }));
    await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { receivedAt: old }));
    await post(t, '/api/v1/cases', other.people['complaints-officer']!.cookie, complaint(other.org.id, { receivedAt: old }));
    await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${a.id}`, headers: { cookie: officer.cookie }, payload: { handlerUserId: officer.id } });

    const res = await get(t, '/api/v1/cases/counts', officer.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ mine: 1, team: 0, all: 3, unassigned: 2, week: 3, overdue: 1 });
    expect((await get(t, '/api/v1/cases/counts', colleague.cookie)).json()).toMatchObject({ mine: 0, all: 3, unassigned: 2 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/cases/counts' })).statusCode).toBe(401);
  });
});

describe('public organisation', () => {
  it('gives an example reference in the organisation\'s real format, for "Link kwijt?"', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${org.slug}` });
    expect(res.statusCode).toBe(200);
    const example = res.json().referenceExample as string;
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric' }).format(new Date());
    expect(example).toMatch(new RegExp(`^[A-Z0-9]+-${year}-0001$`));
    // A real reference of this organisation has the same prefix.
    const c = (await post(t, '/api/v1/cases', people['complaints-officer']!.cookie, complaint(org.id))).json();
    expect(c.reference.split('-')[0]).toBe(example.split('-')[0]);
  });
});

describe('the status page behind the secret link', () => {
  it('says by when the answer comes and the outcome once approved, not before [001 §1D]', async () => {
    const { org, people } = await setUpOrganisation(t, 'stichtse-vecht', ['complaints-officer', 'complaints-officer']);
    const officer = people['complaints-officer']!;
    const colleague = people['complaints-officer-1']!;
    const created = (await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { level: 'formal', receivedAt: new Date().toISOString().slice(0, 10) }))).json();
    const token = created.statusUrl.split('/status/')[1];
    const status = async () => (await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${token}` })).json();
    const decisionDue = created.deadlines.find((d: { kind: string; level: string }) => d.kind === 'decision' && d.level === 'formal').due;
    expect((await status()).answerDue).toBe(decisionDue);
    expect((await status()).outcome).toBeNull();
    await post(t, `/api/v1/cases/${created.id}/events`, officer.cookie, { type: 'hearing-skipped', ground: 'waived' });
    const decided = await post(t, `/api/v1/cases/${created.id}/events`, officer.cookie, { type: 'decided', outcome: 'well-founded', motivation: 'De afspraak is niet nagekomen.' });
    expect(decided.json().status).toBe('decision-pending-approval');
    // Waiting for the second pair of eyes: no outcome yet.
    expect((await status()).outcome).toBeNull();
    expect((await post(t, `/api/v1/cases/${created.id}/events`, colleague.cookie, { type: 'decision-approved' })).statusCode).toBe(201);
    const after = await status();
    expect(after.outcome).toBe('well-founded');
    expect(after.answerDue).toBeNull();
  });
});

describe('organisation branding', () => {
  const logo = `data:image/png;base64,${Buffer.from('89504e470d0a1a0a', 'hex').toString('base64')}`;
  it('an admin sets a logo and a brand colour; the public pages get them; bad values are a 400 naming the field', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const patch = (payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/v1/organisations/${org.id}`, headers: { cookie: t.adminCookie }, payload });
    const ok = await patch({ logo, brandColor: '#1F5FA8' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().branding).toEqual({ logo, color: '#1f5fa8' });
    const pub = (await t.app.inject({ method: 'GET', url: `/api/v1/public/organisations/${org.slug}` })).json();
    expect(pub.branding).toEqual({ logo, color: '#1f5fa8' });
    const created = (await post(t, '/api/v1/cases', people['complaints-officer']!.cookie, complaint(org.id))).json();
    const status = (await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${created.statusUrl.split('/status/')[1]}` })).json();
    expect(status.organisation).toMatchObject({ slug: org.slug, branding: { color: '#1f5fa8' } });

    const badColor = await patch({ brandColor: 'red' });
    expect(badColor.statusCode).toBe(400);
    expect(JSON.stringify(badColor.json().error.details)).toContain('brandColor');
    const badLogo = await patch({ logo: 'https://elders.example/logo.png' });
    expect(badLogo.statusCode).toBe(400);
    expect(JSON.stringify(badLogo.json().error.details)).toContain('logo');
    // Removing them again.
    expect((await patch({ logo: null, brandColor: null })).json().branding).toEqual({ logo: null, color: null });
  });
});

describe('regulation texts in both languages', () => {
  it('a preset carries its description in English and in Dutch', async () => {
    const { people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const res = await get(t, '/api/v1/regulations/stadsring51', people['complaints-officer']!.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json().description).toMatch(/^A formal, Awb-style procedure/);
    expect(res.json().descriptionNl).toMatch(/^Een formele klachtprocedure volgens de Awb/);
  });
});
