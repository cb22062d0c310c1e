import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { multipart } from '../helpers/multipart.ts';
import { get, post } from '../helpers/world.ts';
import { event, letters, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 9 §2.8 and issue 12: a confidant (vertrouwenspersoon) helps the complainant word
// the complaint or prepare the hearing. With the complainant's recorded consent (who
// registered it, when; revocable) the confidant sees the process, the letters to the
// complainant and the shared documents: never internal notes, never what is meant for the
// respondent, and the confidant cannot act on the case. The annual report counts the
// complainants a confidant supported and the confidants' recommendations, anonymised.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulation = ownRegulation((r) => {
  r.confidants = { allowed: true, source: 'Regeling art. 6 (vertrouwenspersoon)' };
  r.letters.push({ kind: 'hearing-invitation', to: ['complainant', 'respondent'], source: 'Regeling art. 4' });
});

const complainant = { name: 'Fatima el Amrani', role: 'client', email: 'fatima@example.org' };
const tokenOfLink = (url: string) => url.split('/').pop()!;
const asConfidant = (token: string, path = '') => t.app.inject({ method: 'GET', url: `/api/v1/public/confidant/${token}${path}` });

async function upload(caseId: string, cookie: string, filename: string, shared: boolean): Promise<string> {
  const body = multipart([
    { name: 'shared', value: String(shared) },
    { name: 'file', filename, contentType: 'text/plain', value: `Inhoud van ${filename}` },
  ]);
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/documents`, headers: { cookie, ...body.headers }, payload: body.payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe("a confidant with the complainant's consent (issue 9 §2.8)", () => {
  it("sees the process, the letters to the complainant and the shared documents, never internal notes or the respondent's letters; revocation ends it", async () => {
    const { org, people } = await setUpWithRegulation(t, regulation, ['complaints-officer', 'employee', 'oversight']);
    const officer = people['complaints-officer']!;
    const employee = people.employee!;
    const created = await post(t, '/api/v1/cases', officer.cookie, {
      organisationId: org.id,
      kind: 'complaint',
      channel: 'email',
      receivedAt: '2026-09-07',
      complainant,
      respondents: [{ userId: employee.id }],
      description: 'De consulent sprak mij toe alsof ik niets begreep.',
      helpers: [{ role: 'confidant', name: 'Els de Wit' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    await event(t, c.id, officer.cookie, { type: 'acknowledged', on: '2026-09-08' });
    const internalNote = 'INTERN: consulent heeft eerder een waarschuwing gehad.';
    expect((await post(t, `/api/v1/cases/${c.id}/notes`, officer.cookie, { text: internalNote })).statusCode).toBe(201);
    const sharedDoc = await upload(c.id, officer.cookie, 'verslag-gesprek.txt', true);
    const internalDoc = await upload(c.id, officer.cookie, 'personeelsdossier.txt', false);

    // No consent yet: no confidant, and no link opens anything.
    const none = await get(t, `/api/v1/cases/${c.id}/confidants`, officer.cookie);
    expect(none.json()).toEqual({ allowed: true, items: [] });
    expect((await asConfidant('x'.repeat(43))).statusCode).toBe(404);

    // A respondent never learns who supports the complainant, nor records consent.
    expect((await get(t, `/api/v1/cases/${c.id}/confidants`, employee.cookie)).statusCode).toBe(403);
    expect((await post(t, `/api/v1/cases/${c.id}/confidants`, employee.cookie, { name: 'X', consentOn: '2026-09-09' })).statusCode).toBe(403);
    // Oversight sees process data, not who supports the complainant [001 §2A].
    expect((await get(t, `/api/v1/cases/${c.id}/confidants`, people.oversight!.cookie)).statusCode).toBe(403);
    // Bad input names the field.
    const bad = await post(t, `/api/v1/cases/${c.id}/confidants`, officer.cookie, { name: 'Els de Wit', consentOn: '9 september' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('consentOn');

    // The officer records the complainant's consent: who registered it and when.
    const consent = await post(t, `/api/v1/cases/${c.id}/confidants`, officer.cookie, {
      name: 'Els de Wit',
      email: 'els@example.org',
      consentOn: '2026-09-09',
      consentNote: 'Schriftelijk, formulier in het dossier.',
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const k = consent.json();
    expect(k).toMatchObject({ name: 'Els de Wit', active: true, consent: { on: '2026-09-09', registeredBy: { id: officer.id, name: officer.name }, revokedAt: null } });
    expect(k.accessUrl).toMatch(/\/vertrouwenspersoon\/[\w-]{40,}$/);
    const token = tokenOfLink(k.accessUrl);

    // The hearing invitation goes to both sides; the confidant sees only the complainant's.
    await event(t, c.id, officer.cookie, { type: 'hearing-scheduled', at: '2026-09-21T10:00', place: 'Stadhuis, kamer 3', on: '2026-09-10' });
    const all = await letters(t, c.id, officer.cookie);
    const toRespondent = all.find((l) => l.kind === 'hearing-invitation' && l.recipient === 'respondent')!;
    expect(toRespondent).toBeDefined();

    const view = await asConfidant(token);
    expect(view.statusCode, view.body).toBe(200);
    const v = view.json();
    expect(v).toMatchObject({ reference: c.reference, status: 'hearing-scheduled', ended: false, confidant: { name: 'Els de Wit', consentOn: '2026-09-09' } });
    expect(v.timeline.map((e: { type: string }) => e.type)).toEqual(['received', 'acknowledged', 'hearing-scheduled']);
    expect(v.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'decision', due: '2026-10-19' })]));
    expect(v.letters.map((l: { kind: string }) => l.kind)).toEqual(['acknowledgement', 'hearing-invitation']);
    expect(v.letters.map((l: { documentId: string }) => l.documentId)).not.toContain(toRespondent.documentId);
    expect(v.documents.map((d: { id: string }) => d.id)).toEqual([sharedDoc]);
    // Never internal notes, never the internal document, never the respondent's letters.
    expect(view.body).not.toContain('INTERN');
    expect(view.body).not.toContain('personeelsdossier');
    expect(view.body).not.toContain(internalDoc);
    expect((await asConfidant(token, `/documents/${sharedDoc}`)).statusCode).toBe(200);
    expect((await asConfidant(token, `/documents/${v.letters[0].documentId}`)).headers['content-type']).toBe('application/pdf');
    expect((await asConfidant(token, `/documents/${internalDoc}`)).statusCode).toBe(404);
    expect((await asConfidant(token, `/documents/${toRespondent.documentId}`)).statusCode).toBe(404);

    // Every read is in the audit trail, as the confidant.
    await t.flushAudit(); // read entries are committed in batches
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_role']).where('organisation_id', '=', org.id).execute();
    expect(audit.filter((a) => a.action === 'case.read-by-confidant')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'document.read-by-confidant')).toHaveLength(2);
    expect(audit.find((a) => a.action === 'case.read-by-confidant')!.actor_role).toBe('confidant');
    expect(audit.some((a) => a.action === 'confidant.consent-recorded')).toBe(true);

    // The confidant cannot act on the case: the link is not the complainant's status link and has no acts.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/status/${token}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/public/status/${token}/withdraw`, payload: { confirm: true } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/public/status/${token}/messages`, payload: { text: 'Namens klager' } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/public/confidant/${token}/withdraw`, payload: { confirm: true } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/public/confidant/${token}/events`, payload: { type: 'withdrawn' } })).statusCode).toBe(404);

    // The confidant may leave a recommendation; the officer records one the confidant gave by phone.
    const own = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/confidant/${token}/recommendations`,
      payload: { text: 'Leg in gewone woorden uit wat de regels zijn.' },
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ by: 'confidant' });
    const byPhone = await post(t, `/api/v1/cases/${c.id}/confidants/${k.id}/recommendations`, officer.cookie, { text: 'Bied een tolk aan bij het gesprek.' });
    expect(byPhone.statusCode, byPhone.body).toBe(201);
    expect((await asConfidant(token)).json().recommendations.map((r: { by: string }) => r.by)).toEqual(['confidant', 'staff']);
    // The case itself has not changed: still where the officer left it.
    expect((await get(t, `/api/v1/cases/${c.id}`, officer.cookie)).json()).toMatchObject({ status: 'hearing-scheduled' });

    // The complainant withdraws consent: the link stops at once.
    const revoked = await post(t, `/api/v1/cases/${c.id}/confidants/${k.id}/revoke`, officer.cookie, { reason: 'Klager wil het zelf verder doen.' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ active: false, consent: { revokedBy: officer.id, revokeReason: 'Klager wil het zelf verder doen.' } });
    expect(revoked.json().consent.revokedAt).toEqual(expect.any(String));
    // A respondent records nothing for the confidant either.
    expect((await post(t, `/api/v1/cases/${c.id}/confidants/${k.id}/recommendations`, employee.cookie, { text: 'x' })).statusCode).toBe(403);
    expect((await asConfidant(token)).statusCode).toBe(404);
    expect((await asConfidant(token, `/documents/${sharedDoc}`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/public/confidant/${token}/recommendations`, payload: { text: 'Nog iets.' } })).statusCode).toBe(404);
    expect((await post(t, `/api/v1/cases/${c.id}/confidants/${k.id}/revoke`, officer.cookie, {})).statusCode).toBe(409);
    // The history stays on the case for the handling side.
    const history = (await get(t, `/api/v1/cases/${c.id}/confidants`, officer.cookie)).json().items;
    expect(history).toHaveLength(1);
    expect(history[0].recommendations).toHaveLength(2);
    expect(JSON.stringify((await get(t, `/api/v1/cases/${c.id}/notes`, officer.cookie)).json())).toContain('INTERN'); // the note is there, just not for the confidant
  });

  it('a regulation without confidants refuses consent; one that says nothing allows it as today', async () => {
    const closed = ownRegulation((r) => {
      r.id = 'geen-vertrouwenspersoon';
      r.confidants = { allowed: false, source: 'Regeling art. 6' };
    });
    const { org, people } = await setUpWithRegulation(t, closed);
    const cookie = people['complaints-officer']!.cookie;
    const c = (
      await post(t, '/api/v1/cases', cookie, { organisationId: org.id, kind: 'complaint', channel: 'post', receivedAt: '2026-09-07', complainant, description: 'Te lang gewacht.' })
    ).json();
    const refused = await post(t, `/api/v1/cases/${c.id}/confidants`, cookie, { name: 'Els de Wit', consentOn: '2026-09-08' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'confidants-not-allowed', message: expect.stringContaining('Regeling art. 6') });
    expect((await get(t, `/api/v1/cases/${c.id}/confidants`, cookie)).json().allowed).toBe(false);

    const silent = await setUpWithRegulation(
      t,
      ownRegulation((r) => (r.id = 'zegt-niets')),
    );
    const officer = silent.people['complaints-officer']!.cookie;
    const d = (
      await post(t, '/api/v1/cases', officer, {
        organisationId: silent.org.id,
        kind: 'complaint',
        channel: 'post',
        receivedAt: '2026-09-07',
        complainant,
        description: 'Te lang gewacht.',
      })
    ).json();
    expect((await post(t, `/api/v1/cases/${d.id}/confidants`, officer, { name: 'Els de Wit', consentOn: '2026-09-08' })).statusCode).toBe(201);
  });

  it("the annual report counts complainants a confidant supported and the confidants' recommendations, small numbers hidden [issue 12]", async () => {
    const { org, people } = await setUpWithRegulation(
      t,
      ownRegulation((r) => {
        r.id = 'jaarverslag-vertrouwenspersoon';
        r.confidants = { allowed: true, source: 'Regeling art. 6' };
      }),
    );
    const cookie = people['complaints-officer']!.cookie;
    const file = async (receivedAt: string) => {
      const res = await post(t, '/api/v1/cases', cookie, { organisationId: org.id, kind: 'complaint', channel: 'post', receivedAt, complainant, description: 'Niet teruggebeld.' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const support = async (caseId: string, recommendations: number) => {
      const k = (await post(t, `/api/v1/cases/${caseId}/confidants`, cookie, { name: 'Els de Wit', consentOn: '2026-03-02' })).json();
      for (let i = 0; i < recommendations; i++) {
        expect((await post(t, `/api/v1/cases/${caseId}/confidants/${k.id}/recommendations`, cookie, { text: `Aanbeveling ${i + 1}` })).statusCode).toBe(201);
      }
      return k.id as string;
    };
    const report = async () => {
      const res = await get(t, `/api/v1/reports/annual?organisationId=${org.id}&year=2026`, cookie);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const cases = [];
    for (let i = 0; i < 7; i++) cases.push(await file(`2026-03-0${i + 1}`));
    // Three complainants supported, with 2 recommendations: too few to show.
    await support(cases[0]!, 1);
    await support(cases[1]!, 1);
    const third = await support(cases[2]!, 0);
    expect((await report()).confidants).toEqual({ supported: { value: null, suppressed: true }, recommendations: { value: null, suppressed: true } });

    // Five complainants (one had two confidants, one revoked later: still supported), 6 recommendations.
    await support(cases[2]!, 0);
    expect((await post(t, `/api/v1/cases/${cases[2]}/confidants/${third}/revoke`, cookie, {})).statusCode).toBe(200);
    await support(cases[3]!, 2);
    await support(cases[4]!, 2);
    const shown = await report();
    expect(shown.confidants).toEqual({ supported: { value: 5, suppressed: false }, recommendations: { value: 6, suppressed: false } });
    expect(shown.totals.total).toEqual({ value: 7, suppressed: false });
    // Anonymised: no name or text of the confidants in the report.
    expect(JSON.stringify(shown)).not.toContain('Els de Wit');
    expect(JSON.stringify(shown)).not.toContain('Aanbeveling');
    const csv = await get(t, `/api/v1/reports/annual?organisationId=${org.id}&year=2026&format=csv`, cookie);
    expect(csv.body.split('\r\n')).toEqual(expect.arrayContaining(['Klagers gesteund door een vertrouwenspersoon;5', 'Aanbevelingen van vertrouwenspersonen;6']));
    // Another year knows none of them.
    const other = (await get(t, `/api/v1/reports/annual?organisationId=${org.id}&year=2025`, cookie)).json();
    expect(other.confidants).toEqual({ supported: { value: 0, suppressed: false }, recommendations: { value: 0, suppressed: false } });
  });
});
