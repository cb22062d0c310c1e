import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { get, post, setUpOrganisation } from '../helpers/world.ts';
import { multipart } from '../helpers/multipart.ts';

// Case handling through the public API, under the Stadsring51 regulation [004]:
// receipt, acknowledgement within a week, hearing with its report, a motivated
// decision that names the ombudsman, closing; and who may see what.

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
  desiredOutcome: 'Excuses en een vaste begeleider.',
  incidentDates: ['2026-02-10'],
  categories: ['agreements-not-kept'],
  ...extra,
});

describe('Stadsring51 story [004]', () => {
  it('walks a complaint from receipt through hearing to a decision naming the ombudsman', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee']);
    const officer = people['complaints-officer']!;
    const employee = people.employee!;

    const created = await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { respondents: [{ userId: employee.id, department: 'Begeleiding' }] }));
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c.reference).toMatch(/^[A-Z0-9]+-2026-0001$/);
    expect(c.statusUrl).toMatch(/\/status\/[\w-]{43}$/);
    expect(c).toMatchObject({ kind: 'complaint', level: 'complaints-officer', status: 'received', receivedOn: '2026-03-04', view: 'full' });
    expect(c.admissibility.proposal).toBe('admissible');
    // One week, 4 weeks and 8 weeks from receipt [004 §6.3, §5.3, §6.8].
    const due = Object.fromEntries(c.deadlines.map((d: { kind: string; due: string }) => [d.kind, d.due]));
    expect(due).toMatchObject({ acknowledgement: '2026-03-11', 'admissibility-notice': '2026-04-01', decision: '2026-04-29' });
    expect(c.deadlines.find((d: { kind: string }) => d.kind === 'acknowledgement').source).toContain('004 §6.3');

    const assign = await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { cookie: officer.cookie }, payload: { handlerUserId: employee.id } });
    expect(assign.statusCode).toBe(400);
    expect(assign.json().error.message).toContain('[004 §1]');
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${c.id}`, headers: { cookie: officer.cookie }, payload: { handlerUserId: officer.id } })).statusCode).toBe(
      200,
    );

    const ev = (payload: Record<string, unknown>) => post(t, `/api/v1/cases/${c.id}/events`, officer.cookie, payload);
    const ack = await ev({ type: 'acknowledged', on: '2026-03-06' });
    expect(ack.statusCode, ack.body).toBe(201);
    expect(ack.json().deadlines.find((d: { kind: string }) => d.kind === 'acknowledgement').status).toBe('met');

    // Deciding before hearing both sides is refused [004 §6.5].
    const early = await ev({ type: 'decided', outcome: 'well-founded', motivation: 'x', on: '2026-03-06' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message.length).toBeGreaterThan(10);

    expect((await ev({ type: 'admissibility-decided', admissible: true, on: '2026-03-09' })).statusCode).toBe(201);
    const upload = async (filename: string, shared: boolean) => {
      const body = multipart([
        { name: 'shared', value: String(shared) },
        { name: 'file', filename, contentType: 'text/plain', value: `Inhoud van ${filename}` },
      ]);
      const res = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/documents`, headers: { cookie: officer.cookie, ...body.headers }, payload: body.payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const sharedDoc = await upload('verklaring-medewerker.txt', true);
    const internalDoc = await upload('interne-aantekening.txt', false);
    expect((await ev({ type: 'hearing-scheduled', at: 'next tuesday', on: '2026-03-10' })).statusCode).toBe(400);
    expect((await ev({ type: 'hearing-scheduled', at: '2026-03-20T10:00:00+01:00', place: 'Stadsring 51, kamer 2.14', on: '2026-03-10' })).statusCode).toBe(201);
    const noReport = await ev({ type: 'hearing-held', on: '2026-03-20' });
    expect(noReport.statusCode).toBe(409); // a held hearing needs its report [004 §6.7]
    expect((await ev({ type: 'hearing-held', report: 'Klager en medewerker zijn gehoord.', on: '2026-03-20' })).statusCode).toBe(201);
    const decided = await ev({
      type: 'decided',
      outcome: 'well-founded',
      on: '2026-04-02',
      motivation: 'De afspraken zijn drie keer niet nagekomen zonder bericht.',
      points: [{ description: 'Niet opdagen', outcome: 'well-founded' }],
      recommendations: ['Afwezigheid altijd melden aan de cliënt.'],
    });
    expect(decided.statusCode, decided.body).toBe(201);
    // The decision records which documents could weigh: only those both parties could see [002 §7].
    expect(decided.json().events.at(-1).data).toMatchObject({ documentsConsidered: [sharedDoc], documentsNotConsidered: [internalDoc] });
    expect(decided.json()).toMatchObject({ status: 'decided', outcome: 'well-founded' });
    expect(decided.json().deadlines.find((d: { kind: string }) => d.kind === 'decision').status).toBe('met');
    const closed = await ev({ type: 'closed', on: '2026-04-03' });
    expect(closed.statusCode, closed.body).toBe(201);
    expect(closed.json().closedAt).not.toBeNull();

    const letters = (await get(t, `/api/v1/cases/${c.id}/letters`, officer.cookie)).json().items as { kind: string; recipient: string; documentId: string }[];
    expect(letters.map((l) => `${l.kind}:${l.recipient}`)).toEqual(
      expect.arrayContaining(['acknowledgement:complainant', 'hearing-invitation:complainant', 'hearing-invitation:respondent', 'decision:complainant', 'decision:respondent']),
    );
    const { PDFParse } = await import('pdf-parse');
    const invitation = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${c.id}/documents/${letters.find((l) => l.kind === 'hearing-invitation')!.documentId}/content`,
      headers: { cookie: officer.cookie },
    });
    const invitationText = (await new PDFParse({ data: new Uint8Array(invitation.rawPayload) }).getText()).text.replace(/\s+/g, ' ');
    expect(invitationText).toContain('Stadsring 51, kamer 2.14');
    expect(invitationText).toContain('20 maart 2026');
    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${c.id}/documents/${letters.find((l) => l.kind === 'decision')!.documentId}/content`,
      headers: { cookie: officer.cookie },
    });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await new PDFParse({ data: new Uint8Array(pdf.rawPayload) }).getText()).text;
    expect(text).toContain('Anna de Vries');
    expect(text).toContain(c.reference);
    expect(text).toContain('Nationale');
    expect(text).toContain('Postbus 93122');

    const outbox = await t.database.db.selectFrom('outbox').select(['to_address', 'subject', 'attachment_document_id']).where('case_id', '=', c.id).execute();
    expect(outbox.filter((m) => m.to_address === 'anna@example.org').length).toBeGreaterThanOrEqual(4);
    expect(outbox.some((m) => m.subject.includes(c.reference))).toBe(true);

    // The timeline is kept, oldest first, and every write is audited.
    const full = (await get(t, `/api/v1/cases/${c.id}`, officer.cookie)).json();
    expect(full.events.map((e: { type: string }) => e.type)).toEqual([
      'received',
      'acknowledged',
      'admissibility-decided',
      'hearing-scheduled',
      'hearing-held',
      'decided',
      'closed',
    ]);
    await t.flushAudit(); // reads are committed in batches
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', c.id).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['case.created', 'case.read', 'case.event.decided', 'case.event.closed']));
  });
});

describe('who sees what', () => {
  it('a respondent reads their case without internal notes and cannot handle it; other organisations see nothing; oversight sees no content', async () => {
    const municipality = await setUpOrganisation(t, 'stichtse-vecht', ['oversight']);
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer', 'employee'], { parentId: municipality.org.id });
    const other = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const employee = people.employee!;
    const c = (await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { respondents: [{ userId: employee.id }] }))).json();
    expect((await post(t, `/api/v1/cases/${c.id}/notes`, officer.cookie, { text: 'Intern: medewerker eerder gewaarschuwd.' })).statusCode).toBe(201);
    expect((await post(t, `/api/v1/cases/${c.id}/notes`, officer.cookie, { text: 'Gedeeld met partijen.', internal: false })).statusCode).toBe(201);

    const asRespondent = (await get(t, `/api/v1/cases/${c.id}`, employee.cookie)).json();
    expect(asRespondent.view).toBe('respondent');
    expect(asRespondent.allowedEvents).toEqual([]);
    const notes = (await get(t, `/api/v1/cases/${c.id}/notes`, employee.cookie)).json().items;
    expect(notes.map((n: { text: string }) => n.text)).toEqual(['Gedeeld met partijen.']);
    expect((await post(t, `/api/v1/cases/${c.id}/events`, employee.cookie, { type: 'acknowledged' })).statusCode).toBe(403);

    expect((await get(t, `/api/v1/cases/${c.id}`, other.people['complaints-officer']!.cookie)).statusCode).toBe(404);
    const otherList = await get(t, `/api/v1/cases?organisationId=${org.id}`, other.people['complaints-officer']!.cookie);
    expect(otherList.statusCode).toBe(403);

    const oversight = municipality.people.oversight!;
    const seen = (await get(t, `/api/v1/cases/${c.id}`, oversight.cookie)).json();
    expect(seen.view).toBe('process');
    expect(seen.description).toBeUndefined();
    expect(seen.complainant).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain('Anna');
    expect((await get(t, `/api/v1/cases/${c.id}/notes`, oversight.cookie)).statusCode).toBe(403);
    expect((await get(t, `/api/v1/cases/${c.id}/documents`, oversight.cookie)).statusCode).toBe(403);
    expect((await get(t, `/api/v1/cases/${c.id}/letters`, oversight.cookie)).statusCode).toBe(403);
    const list = (await get(t, `/api/v1/cases?organisationId=${org.id}`, oversight.cookie)).json();
    expect(list.items[0].complainantName).toBeUndefined();
  });
});

describe('search and queues', () => {
  it('finds cases by reference, name and words of the description, only within what the user may see', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const other = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const officer = people['complaints-officer']!;
    const a = (await post(t, '/api/v1/cases', officer.cookie, complaint(org.id, { description: 'De wachttijd voor een gesprek was veel te lang.' }))).json();
    await post(t, '/api/v1/cases', other.people['complaints-officer']!.cookie, complaint(other.org.id, { description: 'Ook de wachttijd was te lang.' }));
    const byWord = (await get(t, '/api/v1/cases?q=wachttijd', officer.cookie)).json();
    expect(byWord.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const byName = (await get(t, `/api/v1/cases?q=${encodeURIComponent('Anna')}&organisationId=${org.id}`, officer.cookie)).json();
    expect(byName.items.map((i: { id: string }) => i.id)).toContain(a.id);
    const byRef = (await get(t, `/api/v1/cases?q=${a.reference}`, officer.cookie)).json();
    expect(byRef.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const injection = await get(t, `/api/v1/cases?q=${encodeURIComponent('") OR 1=1; -- NEAR(')}`, officer.cookie);
    expect(injection.statusCode).toBe(200);
    const overdue = (await get(t, '/api/v1/cases?overdue=true', officer.cookie)).json();
    // Received in March 2026 and never acknowledged: overdue now.
    expect(overdue.items.map((i: { id: string }) => i.id)).toContain(a.id);
  });
});

describe('bad input never gives a 500', () => {
  it('answers 4xx with a message naming the field', async () => {
    const { org, people } = await setUpOrganisation(t, 'stadsring51', ['complaints-officer']);
    const cookie = people['complaints-officer']!.cookie;
    const cases: [unknown, number, string][] = [
      [{ ...complaint(org.id), kind: 'grumble' }, 400, 'body.kind'],
      [{ ...complaint(org.id), kind: 'compliment' }, 400, 'kind'], // Stadsring51 handles complaints only [004 §1]
      [{ ...complaint(org.id), level: 'ombudsman' }, 400, 'level'], // a case cannot start at the ombudsman [004 §6.11]
      [{ ...complaint(org.id), receivedAt: '2026-02-30' }, 400, 'body.receivedAt'],
      [{ ...complaint(org.id), receivedAt: '2999-01-01' }, 400, 'receivedAt'],
      [{ ...complaint(org.id), complainant: { name: 'X', role: 'king' } }, 400, 'body.complainant.role'],
      [{ ...complaint(org.id), organisationId: 'nope' }, 400, 'organisationId'],
      [{ ...complaint(org.id), description: 42 }, 400, 'body.description'],
      [{ ...complaint(org.id), level: 'nowhere' }, 400, 'level'],
      [{ ...complaint(org.id), incidentDates: ['2027-01-01'] }, 400, 'incidentDates.0'],
      [{ ...complaint(org.id), description: "'; drop table cases; --" }, 201, ''],
    ];
    for (const [payload, status, field] of cases) {
      const res = await post(t, '/api/v1/cases', cookie, payload);
      expect(res.statusCode, `${JSON.stringify(payload).slice(0, 80)} → ${res.body}`).toBe(status);
      if (status === 400) expect(res.json().error.message).toContain(field);
    }
    const big = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: { cookie }, payload: { ...complaint(org.id), description: 'x'.repeat(5 * 1024 * 1024) } });
    expect(big.statusCode).toBe(413);
    const c = (await post(t, '/api/v1/cases', cookie, complaint(org.id))).json();
    const badEvents: [unknown, number][] = [
      [{ type: 'exploded' }, 400],
      [{ type: 'decided', outcome: 'great' }, 400],
      [{ type: 'escalated', toLevel: 'moon' }, 409],
      [{ type: 'decision-approved' }, 409],
      [{}, 400],
    ];
    for (const [payload, status] of badEvents) {
      const res = await post(t, `/api/v1/cases/${c.id}/events`, cookie, payload);
      expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBe(status);
      expect(res.json().error.message).toBeTruthy();
    }
    // A Dutch reader gets the reason in Dutch; an integrator without Accept-Language in English.
    const en = await post(t, `/api/v1/cases/${c.id}/events`, cookie, { type: 'closed' });
    const nl = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/events`, headers: { cookie, 'accept-language': 'nl-NL,nl;q=0.9' }, payload: { type: 'closed' } });
    expect(nl.statusCode).toBe(409);
    expect(nl.json().error.code).toBe(en.json().error.code);
    expect(nl.json().error.message).not.toBe(en.json().error.message);
    expect(nl.json().error.message).toMatch(/zaak|stap|klacht/i);
    expect((await get(t, '/api/v1/cases/does-not-exist', cookie)).statusCode).toBe(404);
    expect((await post(t, '/api/v1/cases/does-not-exist/events', cookie, { type: 'closed' })).statusCode).toBe(404);
    const malformed = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${c.id}/events`, headers: { cookie, 'content-type': 'application/json' }, payload: '{"type":' });
    expect(malformed.statusCode).toBe(400);
  });
});
