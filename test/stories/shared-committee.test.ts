import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, unique, type TestApp } from '../helpers/app.ts';
import { get, post } from '../helpers/world.ts';
import { deadline, event, getCase, letters, letterText, ownRegulation, setUpWithRegulation } from './story.ts';

// Issue 9 §2.4: one complaints committee for several organisations. Two municipalities
// share one committee; each keeps its own regulation (the committee level under its own
// name and term). A case from each is referred to the committee, which hears and decides
// both; each case stays in its own organisation's dossier, and each organisation's report
// counts only its own cases.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const regulationOf = (levelId: string, weeks: number, article: string) =>
  ownRegulation((r) => {
    r.organisationType = 'municipality';
    r.levels[0].escalatesTo = [levelId];
    r.levels.push({
      id: levelId,
      name: 'de gezamenlijke klachtencommissie',
      handlerRole: 'committee-member',
      body: 'external-committee',
      independent: true,
      entry: false,
      kinds: ['complaint'],
      terms: { decision: { length: weeks, unit: 'weeks', from: 'received', source: article } },
      hearing: { mode: 'required', skipGrounds: ['waived'], reportRequired: true, source: 'Regeling art. 7' },
      source: 'Regeling art. 6',
    });
    r.letters.push({ kind: 'decision', to: ['complainant'], source: article });
  });

describe('two municipalities share one complaints committee (issue 9 §2.4)', () => {
  it('refers a case from each, the committee handles both, each stays its organisation’s', async () => {
    const eemdal = await setUpWithRegulation(t, regulationOf('committee', 10, 'Regeling Eemdal art. 8'));
    const vechtoever = await setUpWithRegulation(t, regulationOf('regional-committee', 8, 'Regeling Vechtoever art. 8'));

    // Eemdal sets up the committee and invites Vechtoever; each accepts for itself, naming its own level.
    const k = (await post(t, '/api/v1/committees', eemdal.people.admin!.cookie, { name: unique('Klachtencommissie Eem en Vecht'), managingOrganisationId: eemdal.org.id })).json();
    for (const [o, levelId] of [
      [eemdal, 'committee'],
      [vechtoever, 'regional-committee'],
    ] as const) {
      expect((await post(t, `/api/v1/committees/${k.id}/invitations`, eemdal.people.admin!.cookie, { organisationId: o.org.id })).statusCode).toBe(201);
      const ok = await post(t, `/api/v1/committees/${k.id}/organisations/${o.org.id}/accept`, o.people.admin!.cookie, { levelId });
      expect(ok.statusCode, ok.body).toBe(200);
    }
    // The chair is appointed once, for both; the account is the installation's.
    const chairEmail = `${unique('voorzitter')}@example.org`.toLowerCase();
    const chairAccount = await post(t, '/api/v1/users', t.adminCookie, { email: chairEmail, name: 'Mr. J. de Voorzitter', password: 'a-long-password-1', memberships: [] });
    expect(chairAccount.statusCode).toBe(201);
    const chair = await t.login(chairEmail, 'a-long-password-1');
    expect((await post(t, `/api/v1/committees/${k.id}/members`, eemdal.people.admin!.cookie, { email: chairEmail, role: 'chair' })).statusCode).toBe(201);
    const mine = (await get(t, '/api/v1/committees', chair)).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0].organisations.map((o: { organisationName: string }) => o.organisationName).sort()).toEqual([eemdal.org.name, vechtoever.org.name].sort());

    // Each municipality files five or six complaints; one of each goes on to the committee.
    const file = async (o: typeof eemdal, name: string, receivedAt: string) => {
      const res = await post(t, '/api/v1/cases', o.people['complaints-officer']!.cookie, {
        organisationId: o.org.id,
        kind: 'complaint',
        channel: 'email',
        receivedAt,
        complainant: { name, role: 'client', email: 'klager@example.org' },
        description: `De klacht van ${name}.`,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const a = await file(eemdal, 'Anouk de Wit', '2026-10-05');
    const b = await file(vechtoever, 'Bram Kok', '2026-10-06');
    for (let i = 0; i < 4; i++) await file(eemdal, `Eemdaler ${i}`, '2026-10-07');
    for (let i = 0; i < 5; i++) await file(vechtoever, `Vechtoever ${i}`, '2026-10-07');
    expect((await get(t, '/api/v1/cases', chair)).json().items).toEqual([]);

    // Monday 12 October 2026 + 10 weeks = Monday 21 December 2026 (Eemdal);
    // Tuesday 13 October 2026 + 8 weeks = Tuesday 8 December 2026 (Vechtoever): each its own regulation.
    await event(t, a.id, eemdal.people['complaints-officer']!.cookie, { type: 'escalated', toLevel: 'committee', on: '2026-10-12' });
    await event(t, b.id, vechtoever.people['complaints-officer']!.cookie, { type: 'escalated', toLevel: 'regional-committee', on: '2026-10-13' });

    // The committee's queue: the two referred cases, each with its organisation.
    const queue = (await get(t, '/api/v1/cases', chair)).json().items as { id: string; organisationId: string; level: string }[];
    expect(queue.map((c) => [c.id, c.organisationId, c.level]).sort()).toEqual(
      [
        [a.id, eemdal.org.id, 'committee'],
        [b.id, vechtoever.org.id, 'regional-committee'],
      ].sort(),
    );
    const seenA = await getCase(t, a.id, chair);
    const seenB = await getCase(t, b.id, chair);
    expect(seenA.regulation).toEqual({ id: eemdal.regulationId, version: 1 });
    expect(seenB.regulation).toEqual({ id: vechtoever.regulationId, version: 1 });
    expect(deadline(seenA, 'decision', 'committee')).toMatchObject({ due: '2026-12-21', status: 'open', source: 'Regeling Eemdal art. 8' });
    expect(deadline(seenB, 'decision', 'regional-committee')).toMatchObject({ due: '2026-12-08', status: 'open', source: 'Regeling Vechtoever art. 8' });

    // The committee hears both sides and decides each case.
    for (const [c, decidedOn] of [
      [a, '2026-11-23'],
      [b, '2026-11-24'],
    ] as const) {
      await event(t, c.id, chair, { type: 'hearing-scheduled', at: '2026-11-02T14:00', on: '2026-10-20' });
      await event(t, c.id, chair, { type: 'hearing-held', report: 'Beide partijen gehoord.', on: '2026-11-02' });
      const decided = await event(t, c.id, chair, { type: 'decided', outcome: 'well-founded', motivation: 'De gemeente hield zich niet aan de afspraak.', on: decidedOn });
      expect(decided.status).toBe('decided');
      await event(t, c.id, chair, { type: 'closed', on: decidedOn });
    }

    // Each decision letter is its own municipality's.
    const letterA = await letterText(
      t,
      a.id,
      chair,
      (await letters(t, a.id, chair)).find((l) => l.kind === 'decision'),
    );
    const letterB = await letterText(
      t,
      b.id,
      chair,
      (await letters(t, b.id, chair)).find((l) => l.kind === 'decision'),
    );
    expect(letterA).toContain(a.reference);
    expect(letterA).toContain(`Met vriendelijke groet, ${eemdal.org.name}`);
    expect(letterA).not.toContain(vechtoever.org.name);
    expect(letterB).toContain(b.reference);
    expect(letterB).toContain(`Met vriendelijke groet, ${vechtoever.org.name}`);
    // Every read and write of the chair is in the audit trail, under the case's own organisation, as committee member.
    await t.flushAudit(); // read entries are committed in batches
    const trail = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'organisation_id', 'actor_role'])
      .where('actor_user_id', '=', chairAccount.json().id)
      .where('entity_type', 'in', ['case', 'document'])
      .execute();
    expect(new Set(trail.map((e) => e.actor_role))).toEqual(new Set(['committee-member']));
    expect(new Set(trail.map((e) => e.organisation_id))).toEqual(new Set([eemdal.org.id, vechtoever.org.id]));
    expect(
      trail
        .filter((e) => e.action === 'document.read')
        .map((e) => e.organisation_id)
        .sort(),
    ).toEqual([eemdal.org.id, vechtoever.org.id].sort());
    expect(trail.filter((e) => e.action === 'case.event.decided')).toHaveLength(2);
    // The dossiers stay with their organisations: each one's officers see their own, not the other's.
    expect((await get(t, `/api/v1/cases/${a.id}`, vechtoever.people['complaints-officer']!.cookie)).statusCode).toBe(404);
    expect((await getCase(t, a.id, eemdal.people['complaints-officer']!.cookie)).status).toBe('closed');
    expect((await getCase(t, b.id, vechtoever.people['complaints-officer']!.cookie)).status).toBe('closed');

    // Each organisation's report counts only its own cases: five for Eemdal, six for Vechtoever.
    const report = async (o: typeof eemdal) => {
      const res = await get(t, `/api/v1/reports/annual?organisationId=${o.org.id}&year=2026`, o.people.admin!.cookie);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    expect((await report(eemdal)).totals.total).toEqual({ value: 5, suppressed: false });
    expect((await report(vechtoever)).totals.total).toEqual({ value: 6, suppressed: false });
    // The chair is no one's report reader.
    expect((await get(t, `/api/v1/reports/annual?organisationId=${eemdal.org.id}&year=2026`, chair)).statusCode).toBe(404);
  });
});
