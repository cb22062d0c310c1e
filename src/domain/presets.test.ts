/**
 * One table-driven test per rule of each preset, citing the rule's source in its
 * name. The last test checks that every citation in the seed presets is cited by
 * some test here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { proposeAdmissibility } from './admissibility.ts';
import type { CaseFacts } from './case.ts';
import { checkRegulation } from './check.ts';
import { allowedEvents, createCase, letterRules } from './lifecycle.ts';
import { getPreset, presetFiles, presets } from './presets.ts';
import { CATEGORY_IDS, type Regulation } from './regulation.schema.ts';
import { reportDueDates, retentionEnd } from './retention.ts';
import { story } from './test-story.ts';

const cited = new Set<string>();
/** Split "[000 §3.2, §3.3], Awb 9:11" into its citations: "000 §3.2", "000 §3.3", "Awb 9:11". */
function citations(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\[(\d{3})\s*([^\]]*)\]/g)) {
    const [, seed, rest] = m;
    if (!rest) out.push(seed!);
    for (const part of (rest ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean))
      out.push(`${seed} ${part}`);
  }
  const laws = source.replace(/\[[^\]]*\]/g, '').replace(/\([^)]*\)/g, '');
  let law = '';
  for (const part of laws
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(Awb|Wkkgz|Atw|Jeugdwet|Wmo)\s+(.*)$/.exec(part);
    if (m) {
      law = m[1]!;
      out.push(part);
    } else if (law) out.push(`${law} ${part}`);
  }
  return out;
}
/** Use in a test name: records the citations as tested. */
const cite = (source: string) => {
  for (const c of citations(source)) cited.add(c);
  return source;
};

const reg = (id: string): Regulation => {
  const r = getPreset(id);
  if (!r) throw new Error(`no preset ${id}`);
  return r;
};
const utrecht = reg('utrecht-buurtteams');
const stichtseVecht = reg('stichtse-vecht');
const sth = reg('sth-helmond');
const ot = reg('ondersteuningsteam');
const stadsring = reg('stadsring51');
const awb = reg('awb-gemeente');
const wkkgz = reg('wkkgz');

const facts = (f: Partial<CaseFacts> & { receivedOn: string }): CaseFacts => ({ kind: 'complaint', complainant: { role: 'client' }, ...f });

// ---------------------------------------------------------------- every preset

describe('every preset', () => {
  it.each(presetFiles.map((p) => [p.file, p.data] as const))('%s passes the check with no errors and no warnings', (_file, data) => {
    const result = checkRegulation(data);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('the files on disk are exactly the presets that ship', () => {
    const onDisk = readdirSync(new URL('../../regulations/', import.meta.url))
      .filter((f) => /\.v\d+\.json$/.test(f))
      .sort();
    expect(onDisk).toEqual(presetFiles.map((p) => p.file).sort());
  });

  it('the committed JSON Schema is the one the schema generates (run `regulation schema`)', async () => {
    const { regulationJsonSchema } = await import('./regulation.schema.ts');
    const committed = JSON.parse(readFileSync(new URL('../../regulations/regulation.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(regulationJsonSchema())));
  });

  it.each(presets.map((p) => [p.id, p] as const))('%s: every source cites a seed section or a law article', (_id, p) => {
    const sources = JSON.stringify(p).match(/"source":"[^"]*"/g) ?? [];
    expect(sources.length).toBeGreaterThan(10);
    for (const s of sources) expect(citations(s.slice(10, -1)).length, s).toBeGreaterThan(0);
  });

  it.each(presets.flatMap((p) => p.categories.map((c) => [p.id, c.id, c.source, c.name] as const)))('%s: category %s named after %s', (id, categoryId, source, name) => {
    cite(source);
    expect(reg(id).categories.map((c) => c.id)).toEqual([...CATEGORY_IDS]);
    expect(CATEGORY_IDS).toContain(categoryId);
    expect(name.length).toBeGreaterThan(3);
  });
  // The category names cite their sources; register them as tested for the coverage check.
  for (const p of presets) for (const c of p.categories) cite(c.source);
});

// ---------------------------------------------------------------- 000 Utrecht

describe('utrecht-buurtteams (seed 000)', () => {
  it.each([
    ['team', 'first-contact', '2026-05-01', '[000 §3.2]', "the team contacts within 5 working days, across King's Day"],
    ['advisor', 'acknowledgement', '2026-05-01', '[000 §3.2]', "the advisor acknowledges within 5 working days, across King's Day"],
    ['committee', 'acknowledgement', '2026-05-11', '[000 §3.2]', "Quasir acknowledges within 10 working days, across King's Day and 5 May"],
  ] as const)('level %s: %s due %s %s (%s)', (level, kind, due, source, _why) => {
    cite(source);
    const s = story(utrecht, { receivedOn: '2026-04-23' }, { level });
    const d = s.deadline(kind, '2026-04-23')!;
    expect(d).toMatchObject({ due, status: 'open', source });
    expect(d.explanation.skipped.map((x) => x.name).filter(Boolean)).toContain('Koningsdag');
    expect(s.deadline(kind, '2026-05-12')!.status).toBe('missed');
  });

  it(`${cite('[000 §1]')} an objection is referred at once, with 6 weeks from the decision (Atw)`, () => {
    const s = story(utrecht, { kind: 'objection', receivedOn: '2025-11-20', decisionDate: '2025-11-13' });
    expect(s.state.status).toBe('referred');
    expect(s.letters).toEqual(['referral']);
    expect(s.deadline('objection', '2025-11-20')).toMatchObject({ due: '2025-12-29', status: 'met', level: null });
    const [rule] = letterRules(utrecht, 'team', 'referral');
    expect(rule?.names).toEqual(['gemeente-utrecht-bezwaar']);
    expect(utrecht.contacts.find((c) => c.id === 'gemeente-utrecht-bezwaar')?.url).toBe('https://www.utrecht.nl/bezwaar');
  });

  it(`${cite('[000 §2]')} a compliment is passed on and closed, never decided`, () => {
    const s = story(utrecht, { kind: 'compliment', receivedOn: '2026-03-02' });
    expect(allowedEvents(utrecht, s.state)).toEqual(['acknowledged', 'closed', 'transferred']);
    s.do({ type: 'closed' }, '2026-03-03');
    expect(s.state.status).toBe('closed');
    expect(utrecht.kinds.find((k) => k.kind === 'compliment')).toMatchObject({ passTo: 'employee' });
  });

  it(`${cite('[000 §3.1]')} an anonymous complaint is proposed inadmissible; a client's is admissible`, () => {
    const anonymous = proposeAdmissibility(utrecht, facts({ receivedOn: '2026-03-02', complainant: null }));
    expect(anonymous.proposal).toBe('inadmissible');
    expect(anonymous.grounds).toMatchObject([{ code: 'anonymous', basis: 'fact', source: '[000 §3.1]' }]);
    expect(proposeAdmissibility(utrecht, facts({ receivedOn: '2026-03-02' })).proposal).toBe('admissible');
  });

  it(`${cite('[000 §3.1, §5]')} complainants: client, representatives, surviving relative — not partner organisations`, () => {
    expect(utrecht.complainantRoles?.allowed).toContain('surviving-relative');
    expect(utrecht.complainantRoles?.allowed).not.toContain('partner-organisation');
  });

  it(`${cite('[000 §3.1, §3.2]')} intake in person, by phone, post or e-mail, free of charge`, () => {
    expect(getPreset('utrecht-buurtteams', 1)!.intake).toMatchObject({ channels: ['in-person', 'phone', 'post', 'email'], free: true });
    // v2: the channels are enforced at intake, and the product's web form is written like e-mail.
    expect(utrecht.intake).toMatchObject({ channels: ['in-person', 'phone', 'post', 'email', 'web'], free: true });
  });

  it.each([
    ['advisor', 'admissible'],
    ['committee', 'inadmissible'],
  ] as const)(`${cite('[000 §3.5]')} a financial claim at level %s is %s (Quasir rules on no money claims)`, (level, proposal) => {
    const p = proposeAdmissibility(utrecht, facts({ receivedOn: '2026-03-02', flags: { financialClaim: true } }), { level });
    expect(p.proposal).toBe(proposal);
  });

  it(`${cite('[000 §3.2, §3.5]')} Quasir hears both sides, needs a report and rules well-founded or unfounded only`, () => {
    const s = story(utrecht, { receivedOn: '2026-03-02' }, { level: 'committee' });
    expect(s.do({ type: 'acknowledged' }, '2026-03-03')).toEqual(['acknowledgement']);
    expect(s.try({ type: 'decided', outcome: 'unfounded', motivation: 'x' }, '2026-03-04')).toMatchObject({ ok: false, code: 'hearing-required' });
    expect(s.do({ type: 'hearing-scheduled', at: '2026-03-20T10:00:00+01:00' }, '2026-03-05')).toEqual(['hearing-invitation']);
    expect(s.try({ type: 'hearing-held' }, '2026-03-20')).toMatchObject({ ok: false, code: 'hearing-report-required' });
    s.do({ type: 'hearing-held', report: 'Both parties heard.' }, '2026-03-20');
    expect(s.try({ type: 'decided', outcome: 'partly-well-founded', motivation: 'x' }, '2026-03-25')).toMatchObject({ ok: false, code: 'outcome-not-allowed' });
    expect(s.do({ type: 'decided', outcome: 'well-founded', motivation: 'Contact was late.', recommendations: ['Call back within 5 days'] }, '2026-03-25')).toEqual(['decision']);
  });

  it(`${cite('[000 §3.2, §3.3]')} the ladder: team → advisor or straight to Quasir; advisor → Quasir`, () => {
    const s = story(utrecht, { receivedOn: '2026-03-02' });
    expect(s.state.level).toBe('team');
    expect(s.try({ type: 'escalated', toLevel: 'nowhere' }, '2026-03-03')).toMatchObject({ ok: false, code: 'escalation-not-allowed' });
    s.do({ type: 'escalated', toLevel: 'advisor' }, '2026-03-03');
    expect(s.state).toMatchObject({ level: 'advisor', status: 'received' });
    s.do({ type: 'escalated', toLevel: 'committee' }, '2026-03-10');
    expect(s.state.level).toBe('committee');
    expect(allowedEvents(utrecht, s.state)).not.toContain('escalated');
    const direct = story(utrecht, { receivedOn: '2026-03-02' });
    direct.do({ type: 'escalated', toLevel: 'committee' }, '2026-03-03');
    expect(direct.state.level).toBe('committee');
  });

  it(`${cite('[000 §3.2, §5]')} the advisor may propose mediation; the team does not mediate`, () => {
    const s = story(utrecht, { receivedOn: '2026-03-02' }, { level: 'advisor' });
    expect(allowedEvents(utrecht, s.state)).toContain('mediation');
    expect(allowedEvents(utrecht, story(utrecht, { receivedOn: '2026-03-02' }).state)).not.toContain('mediation');
  });

  it(`${cite('[000 §3.2]')} dissatisfaction is talked through with the team and not registered as a complaint when solved`, () => {
    const s = story(utrecht, { kind: 'dissatisfaction', receivedOn: '2026-03-02' });
    s.do({ type: 'contacted' }, '2026-03-03');
    s.do({ type: 'decided', outcome: 'resolved', motivation: 'Agreements made.' }, '2026-03-04');
    s.do({ type: 'closed' }, '2026-03-04');
    expect(s.state).toMatchObject({ kind: 'dissatisfaction', status: 'closed' });
    expect(utrecht.kinds.find((k) => k.kind === 'dissatisfaction')).toMatchObject({ registerWhenSolved: false });
  });

  it(`${cite('[000 §3.6]')} withdrawal at any time, confirmed; reopened only with changed circumstances`, () => {
    const s = story(utrecht, { receivedOn: '2026-03-02' }, { level: 'advisor' });
    expect(s.do({ type: 'withdrawn' }, '2026-03-04')).toEqual(['withdrawal']);
    expect(s.try({ type: 'reopened', circumstances: '  ' }, '2026-03-10')).toMatchObject({ ok: false, code: 'invalid-event' });
    s.do({ type: 'reopened', circumstances: 'New incident on 8 March.' }, '2026-03-10');
    expect(s.state.status).toBe('in-progress');
  });

  it(`${cite('[000 §3.3]')} letters name Quasir, Postbus 1021, 7940 KA Meppel`, () => {
    const [rule] = letterRules(utrecht, 'advisor', 'decision');
    const quasir = utrecht.contacts.find((c) => c.id === rule?.names[0]);
    expect(quasir).toMatchObject({ postalAddress: ['Postbus 1021', '7940 KA Meppel'], email: 'ambtelijksecretaris@quasir.nl' });
    expect(utrecht.contacts.find((c) => c.id === 'klachtenadviseur')?.postalAddress).toEqual(['Beneluxlaan 2', '3527 HT Utrecht']);
  });

  it(`${cite('[000 §3.4]')} independent client support by U Centraal`, () => {
    expect(utrecht.contacts.find((c) => c.role === 'client-support')?.url).toBe('https://www.u-centraal.nl/');
  });

  it(`${cite('[000 §3.8]')} a dossier closed on 31 March 2026 is kept 5 years, to 31 March 2031`, () => {
    expect(retentionEnd(utrecht, '2026-03-31')).toEqual({ destroyFrom: '2031-03-31', source: '[000 §3.8]' });
  });

  it(`${cite('[000 §4.1]')} and ${cite('[000 §4.2]')}: yearly reports, public (committee) and to the board`, () => {
    expect(utrecht.reports.map((r) => [r.period, r.to])).toEqual([
      ['year', 'public'],
      ['year', 'board'],
    ]);
  });

  it(`${cite('[000 §1]')} Wmo regime; no Awb warnings for a foundation`, () => {
    expect(utrecht.regimes).toEqual([{ law: 'wmo', source: '[000 §1]' }]);
  });
});

// ---------------------------------------------------------------- 001 Stichtse Vecht

describe('stichtse-vecht (seed 001)', () => {
  it(`${cite('[001 §10]')} ${cite('Awb 9:11')} formal decision within 6 weeks; one extension of 4 weeks, then only with written consent (Atw at the end)`, () => {
    const s = story(stichtseVecht, { receivedOn: '2026-03-02' }, { level: 'formal' });
    expect(s.deadline('decision', '2026-03-02')).toMatchObject({ due: '2026-04-13', status: 'open', source: '[001 §10], Awb 9:11' });
    expect(s.try({ type: 'extended', weeks: 5, reason: 'Complex case' }, '2026-04-01')).toMatchObject({ ok: false, code: 'extension-needs-consent' });
    expect(s.do({ type: 'extended', weeks: 4, reason: 'Complex case' }, '2026-04-01')).toEqual(['extension']);
    expect(s.deadline('decision', '2026-04-01')?.due).toBe('2026-05-11');
    expect(s.try({ type: 'extended', weeks: 2, reason: 'Witness away' }, '2026-05-04')).toMatchObject({ ok: false, code: 'extension-needs-consent' });
    s.do({ type: 'extended', weeks: 2, reason: 'Witness away', consent: { recordedOn: '2026-05-04', document: 'mail 4 May' } }, '2026-05-04');
    const d = s.deadline('decision', '2026-05-04')!;
    expect(d.due).toBe('2026-05-26'); // 25 May 2026 is Whit Monday
    expect(d.explanation.extensions.map((e) => [e.weeks, e.withConsent, e.dueAfter])).toEqual([
      [4, false, '2026-05-11'],
      [2, true, '2026-05-25'],
    ]);
    expect(d.explanation.atw).toMatchObject({ applies: true, shiftedFrom: '2026-05-25' });
    expect(d.explanation.summary).toContain('Algemene termijnenwet');
  });

  it(`${cite('[001 §1D]')} four-eyes: a decision is final only when another person approves it`, () => {
    const s = story(stichtseVecht, { receivedOn: '2026-03-02' }, { level: 'formal' });
    s.do({ type: 'acknowledged' }, '2026-03-03');
    s.do({ type: 'hearing-skipped', ground: 'waived' }, '2026-03-05');
    expect(s.try({ type: 'decided', outcome: 'unfounded', motivation: 'x' }, '2026-03-20')).toMatchObject({ ok: false, code: 'actor-required' });
    expect(s.do({ type: 'decided', outcome: 'unfounded', motivation: 'No conduct shown.', actorId: 'u1' }, '2026-03-20')).toEqual([]);
    expect(s.state.status).toBe('decision-pending-approval');
    expect(s.deadline('decision', '2026-03-20')?.status).toBe('open');
    expect(s.try({ type: 'decision-approved', actorId: 'u1' }, '2026-03-23')).toMatchObject({ ok: false, code: 'four-eyes-same-person' });
    expect(s.do({ type: 'decision-approved', actorId: 'u2' }, '2026-03-23')).toEqual(['decision']);
    expect(s.state.decision).toMatchObject({ by: 'u1', approvedBy: 'u2', approvedOn: '2026-03-23' });
    expect(s.deadline('decision', '2026-05-01')).toMatchObject({ status: 'met', doneOn: '2026-03-23' });
  });

  it(`${cite('[001 §10], Awb 9:10')} the formal level hears both sides; skipping only on the Awb grounds; a report is made`, () => {
    const s = story(stichtseVecht, { receivedOn: '2026-03-02' }, { level: 'formal' });
    expect(s.try({ type: 'decided', outcome: 'unfounded', motivation: 'x', actorId: 'u1' }, '2026-03-03')).toMatchObject({ code: 'hearing-required' });
    expect(s.do({ type: 'hearing-scheduled', at: '2026-03-10T14:00:00+01:00' }, '2026-03-03')).toEqual(['hearing-invitation']);
    expect(s.try({ type: 'decided', outcome: 'unfounded', motivation: 'x', actorId: 'u1' }, '2026-03-04')).toMatchObject({ code: 'hearing-pending' });
    expect(s.do({ type: 'hearing-held', report: 'Verslag' }, '2026-03-10')).toEqual(['hearing-report']);
  });

  it(`${cite('[001 §10], Awb 9:8')} not handling is told within 4 weeks of receipt`, () => {
    const s = story(stichtseVecht, { receivedOn: '2026-03-02' }, { level: 'formal' });
    expect(s.deadline('admissibility-notice', '2026-03-02')).toMatchObject({ due: '2026-03-30', explanation: { asSoonAsPossible: true } });
    expect(s.do({ type: 'admissibility-decided', admissible: false, grounds: ['already-handled'] }, '2026-03-16')).toEqual(['inadmissibility']);
    expect(s.state.status).toBe('inadmissible');
    expect(s.deadlines('2026-06-01').map((d) => [d.kind, d.status])).toEqual([['admissibility-notice', 'met']]);
  });

  it.each([
    ['alreadyHandled', 'already-handled', 'inadmissible'],
    ['aboutDecision', 'about-decision', 'inadmissible'],
    ['disputeBody', 'dispute-body', 'inadmissible'],
    ['insufficientInterest', 'insufficient-interest', 'needs-judgement'],
  ] as const)(`${cite('Awb 9:8')} flag %s → ground %s → %s`, (flag, code, proposal) => {
    const p = proposeAdmissibility(stichtseVecht, facts({ receivedOn: '2026-03-02', incidentDates: ['2026-02-20'], flags: { [flag]: true } }));
    expect(p).toMatchObject({ proposal, grounds: [{ code, source: 'Awb 9:8' }] });
  });

  it(`${cite('Awb 9:8')} conduct more than a year before the complaint is not handled`, () => {
    expect(proposeAdmissibility(stichtseVecht, facts({ receivedOn: '2026-03-02', incidentDates: ['2025-03-01'] })).proposal).toBe('inadmissible');
    expect(proposeAdmissibility(stichtseVecht, facts({ receivedOn: '2026-03-02', incidentDates: ['2025-03-02'] })).proposal).toBe('admissible');
  });

  it(`${cite('[001 §11.IV]')} mediation if both agree, at the formal level`, () => {
    const s = story(stichtseVecht, { receivedOn: '2026-03-02' }, { level: 'formal' });
    s.do({ type: 'mediation', agreements: 'Apology and new appointment' }, '2026-03-05');
    expect(s.state.status).toBe('in-progress');
  });

  it(`${cite('[001 §1D]')} ${cite('[001 §11.II]')} informal first, up to the manager or the formal procedure; warm handover to a provider`, () => {
    const s = story(stichtseVecht, { receivedOn: '2026-03-02' });
    expect(s.state.level).toBe('informal');
    expect(createCase(stichtseVecht, facts({ receivedOn: '2026-03-02' }), { level: 'manager' })).toMatchObject({ ok: false, code: 'level-not-entry' });
    s.do({ type: 'escalated', toLevel: 'manager' }, '2026-03-03');
    expect(s.state.level).toBe('manager');
    const t = story(stichtseVecht, { receivedOn: '2026-03-02' });
    expect(t.do({ type: 'transferred', organisationId: 'provider-1' }, '2026-03-02')).toEqual(['referral']);
    expect(t.state.status).toBe('transferred');
  });

  it(`${cite('[001 §3, §4A, §5A, §6]')} the Nationale ombudsman is the second line only after the formal procedure, and judges the process`, () => {
    expect(createCase(stichtseVecht, facts({ receivedOn: '2026-03-02' }), { level: 'ombudsman' })).toMatchObject({ ok: false, code: 'level-not-entry' });
    const s = story(stichtseVecht, { receivedOn: '2026-03-02' });
    expect(s.try({ type: 'escalated', toLevel: 'ombudsman' }, '2026-03-03')).toMatchObject({ ok: false, code: 'escalation-not-allowed' });
    s.do({ type: 'escalated', toLevel: 'formal' }, '2026-03-03');
    s.do({ type: 'escalated', toLevel: 'ombudsman' }, '2026-03-04');
    const ombudsman = stichtseVecht.levels.find((l) => l.id === 'ombudsman')!;
    expect(ombudsman).toMatchObject({ scope: 'process-only', body: 'ombudsman', contactId: 'nationale-ombudsman' });
    expect(stichtseVecht.contacts.find((c) => c.id === cite('nationale-ombudsman') && c.source === cite('[001 §4A]'))?.postalAddress).toEqual([
      'Postbus 93122',
      '2509 AC Den Haag',
    ]);
  });

  it(`${cite('[001 §2B]')} ${cite('[001 §11.VI]')} an anonymous report becomes a signal, for the board at once`, () => {
    const s = story(stichtseVecht, { receivedOn: '2026-03-02', complainant: null });
    expect(s.state).toMatchObject({ kind: 'signal', reclassifiedFrom: 'complaint' });
    expect(stichtseVecht.kinds.find((k) => k.kind === 'signal')).toMatchObject({ notifyBoardAtOnce: true });
    expect(allowedEvents(stichtseVecht, s.state)).not.toContain('decided');
  });

  it(`${cite('[001 art. 11.1]')} providers report twice a year, before 1 July and before 1 December`, () => {
    expect(reportDueDates(stichtseVecht, 2026).filter((r) => r.period === 'half-year')).toMatchObject([
      { to: 'municipality', dueBefore: '2026-07-01', lastDay: '2026-06-30' },
      { to: 'municipality', dueBefore: '2026-12-01', lastDay: '2026-11-30' },
    ]);
  });

  it(`${cite('Awb 9:12a')} a yearly public register`, () => {
    expect(stichtseVecht.reports).toContainEqual(expect.objectContaining({ period: 'year', to: 'public', source: 'Awb 9:12a' }));
  });

  it(`${cite('[001 preamble, §10]')} ${cite('Awb 9:6')} ${cite('Awb 9:9')} ${cite('Awb 9:12')} under the Awb: acknowledgement, copy to the respondent, decision naming the ombudsman`, () => {
    const s = story(stichtseVecht, { receivedOn: '2026-03-02' }, { level: 'formal' });
    expect(s.do({ type: 'acknowledged' }, '2026-03-03')).toEqual(['acknowledgement', 'complaint-copy']);
    expect(letterRules(stichtseVecht, 'formal', 'decision')[0]?.names).toEqual(['nationale-ombudsman']);
    expect(stichtseVecht.regimes).toEqual([{ law: 'awb', source: '[001 preamble, §10]' }]);
  });

  it(`${cite('[001 §7]')} ${cite('[001 §9.II, §11.II]')} ${cite('[001 §2A]')} ${cite('[001 §1C]')} a complaint is about conduct, received at every channel`, () => {
    expect(stichtseVecht.intake?.channels).toEqual(['in-person', 'phone', 'post', 'email', 'web']);
    expect(stichtseVecht.categories.find((c) => c.id === 'accessibility')?.source).toBe('[001 §1C]');
  });

  it(`${cite('[001 §1D], Awb 9:8')} ${cite('Awb 6:7')} an objection is referred, with 6 weeks`, () => {
    const s = story(stichtseVecht, { kind: 'objection', receivedOn: '2026-03-10', decisionDate: '2026-03-02' });
    expect(s.letters).toEqual(['referral']);
    expect(s.deadline('objection', '2026-03-10')).toMatchObject({ due: '2026-04-13', status: 'met' });
  });

  it(`${cite('[000 §3.8] (product default; 001 sets no term)')} retention defaults to 5 years`, () => {
    expect(retentionEnd(stichtseVecht, '2026-02-28').destroyFrom).toBe('2031-02-28');
  });
});

// ---------------------------------------------------------------- 002 STH Helmond

describe('sth-helmond (seed 002)', () => {
  it.each([
    ['2025-09-02', false, 'admissible', '6 months after knowing, the last day'],
    ['2025-09-01', false, 'inadmissible', '6 months and a day'],
    ['2025-08-31', false, 'inadmissible', 'month end: 31 Aug + 6 months = 28 Feb'],
    ['2024-03-02', true, 'admissible', 'sexual harassment: 2 years, the last day'],
    ['2024-03-01', true, 'inadmissible', 'sexual harassment: 2 years and a day'],
    ['2025-06-01', true, 'admissible', 'sexual harassment: 9 months is within 2 years'],
  ] as const)(`${cite('[002 §5.7]')} known since %s, sexual harassment %s, received 2026-03-02 → %s (%s)`, (knownSince, sexualHarassment, proposal, _why) => {
    const p = proposeAdmissibility(sth, facts({ receivedOn: '2026-03-02', knownSince, flags: { sexualHarassment } }));
    expect(p.proposal).toBe(proposal);
    expect(p.timeLimit).toMatchObject({ id: sexualHarassment ? 'sexual-harassment' : 'six-months', source: '[002 §5.7]' });
  });

  it.each([
    [['2025-10-01'], 'admissible', 'the event itself is within 6 months'],
    [['2025-06-01'], 'needs-judgement', 'older event: did the complainant learn of it later?'],
    [[], 'needs-judgement', 'no date at all'],
  ] as const)(`${cite('[002 §5.7]')} without a known-since date, events %j → %s (%s)`, (incidentDates, proposal, _why) => {
    const p = proposeAdmissibility(sth, facts({ receivedOn: '2026-03-02', incidentDates: [...incidentDates] }));
    expect(p.proposal).toBe(proposal);
    if (proposal === 'needs-judgement') expect(p.grounds).toMatchObject([{ code: 'time-limit', basis: 'judgement' }]);
  });

  it.each([
    ['externalProcedure', 'external-procedure', '[002 §2.1]'],
    ['aboutDecision', 'about-decision', '[002 §2.2]'],
    ['criminalProsecution', 'criminal-prosecution', '[002 §2.3]'],
    ['financialClaim', 'financial-claim', '[002 §2.4]'],
  ] as const)('flag %s → not handled: %s %s', (flag, code, source) => {
    cite(source);
    const p = proposeAdmissibility(sth, facts({ receivedOn: '2026-03-02', knownSince: '2026-02-01', flags: { [flag]: true } }));
    expect(p).toMatchObject({ proposal: 'inadmissible', grounds: [{ code, basis: 'fact', source }] });
    const clean = proposeAdmissibility(sth, facts({ receivedOn: '2026-03-02', knownSince: '2026-02-01', flags: { [flag]: false } }));
    expect(clean.proposal).toBe('admissible');
  });

  it(`${cite('[002 §2.5]')} an anonymous complaint becomes a signal for quality improvement, not a complaint`, () => {
    const s = story(sth, { receivedOn: '2026-03-02', complainant: null });
    expect(s.state).toMatchObject({ kind: 'signal', reclassifiedFrom: 'complaint' });
    expect(allowedEvents(sth, s.state)).toEqual(['acknowledged', 'contacted', 'closed', 'transferred']);
    expect(proposeAdmissibility(sth, facts({ receivedOn: '2026-03-02', complainant: null })).grounds.map((g) => g.code)).toContain('anonymous');
  });

  it(`${cite('[002 §2.2]')} ${cite('[002 §2.2], Awb 6:7')} a decision (Wmo/Jeugdwet) is objected to, within 6 weeks`, () => {
    const s = story(sth, { kind: 'objection', receivedOn: '2026-03-10', decisionDate: '2026-03-02' });
    expect(s.state.status).toBe('referred');
    expect(s.letters).toEqual(['referral']);
    expect(s.deadline('objection', '2026-03-10')?.due).toBe('2026-04-13');
  });

  it(`${cite('[002 §4.3, §6A.2]')} ${cite('[002 §4.4, §7]')} ${cite('[002 §6A]')} dissatisfaction on the work floor becomes a complaint when it goes to the manager`, () => {
    const s = story(sth, { kind: 'dissatisfaction', receivedOn: '2026-03-02' });
    expect(s.state.level).toBe('work-floor');
    s.do({ type: 'escalated', toLevel: 'manager' }, '2026-03-05');
    expect(s.state).toMatchObject({ kind: 'complaint', reclassifiedFrom: 'dissatisfaction', level: 'manager', status: 'received' });
  });

  it(`${cite('[002 §7]')} ${cite('[002 §4.1, §7]')} ${cite('[002 §5.4, §7]')} the manager mediates; agreements are recorded`, () => {
    const s = story(sth, { receivedOn: '2026-03-02' }, { level: 'manager' });
    s.do({ type: 'mediation', agreements: 'Weekly call with the employee' }, '2026-03-09');
    expect(s.state.events.at(-1)).toMatchObject({ type: 'mediation', agreements: 'Weekly call with the employee' });
    expect(allowedEvents(sth, story(sth, { kind: 'dissatisfaction', receivedOn: '2026-03-02' }).state)).not.toContain('mediation');
  });

  it(`${cite('[002 §5.5, §7]')} the manager contacts as soon as possible: no fixed date to compute`, () => {
    const s = story(sth, { receivedOn: '2026-03-02' }, { level: 'manager' });
    expect(s.deadlines('2026-03-02')).toEqual([]);
  });

  it(`${cite('[002 §6C.3, §8]')} ${cite('[002 §6C.3 note 1]')} the complainant may go straight to the Zorgbelang committee`, () => {
    const s = story(sth, { kind: 'dissatisfaction', receivedOn: '2026-03-02' });
    s.do({ type: 'escalated', toLevel: 'committee' }, '2026-03-03');
    expect(s.state).toMatchObject({ level: 'committee', kind: 'complaint' });
    expect(sth.levels.find((l) => l.id === 'committee')).toMatchObject({ body: 'external-committee', independent: true, contactId: 'zorgbelang' });
  });

  it.each([
    [[], '2026-03-14', false, 'two months after filing less a day'],
    [[], '2026-03-15', true, 'two months after filing'],
    [[['contacted', '2026-02-01']], '2026-03-31', false, 'two months after the last contact less a day'],
    [[['contacted', '2026-02-01']], '2026-04-01', true, 'two months after the last contact'],
  ] as const)(`${cite('[002 §5.8]')} unreachable: contacts %j, on %s allowed %s (%s)`, (contacts, on, allowed, _why) => {
    const s = story(sth, { receivedOn: '2026-01-15' }, { level: 'manager' });
    for (const [, day] of contacts) s.do({ type: 'contacted' }, day);
    const r = s.try({ type: 'complainant-unreachable' }, on);
    if (allowed) expect(r).toMatchObject({ ok: true, letters: ['unreachable'], state: { status: 'ended-unreachable' } });
    else expect(r).toMatchObject({ ok: false, code: 'unreachable-too-early' });
  });

  it(`${cite('[002 §5.6]')} withdrawal, confirmed in writing`, () => {
    const s = story(sth, { receivedOn: '2026-03-02' }, { level: 'manager' });
    expect(s.do({ type: 'withdrawn', reason: 'oral, by phone' }, '2026-03-03')).toEqual(['withdrawal']);
  });

  it(`${cite('[002 §6A.2, §7]')} the manager's outcome goes to the complainant and names the committee`, () => {
    const s = story(sth, { receivedOn: '2026-03-02' }, { level: 'manager' });
    expect(s.do({ type: 'decided', outcome: 'resolved', motivation: 'Agreed.' }, '2026-03-10')).toEqual(['decision']);
    expect(letterRules(sth, 'manager', 'decision')[0]?.names).toEqual(['zorgbelang']);
  });

  it(`${cite('[002 §2.1, §2.2]')} referral letters for external procedures and objections`, () => {
    expect(letterRules(sth, 'manager', 'referral')).toHaveLength(1);
  });

  it(`${cite('[002 §4.6]')} complainants: clients, representatives, relatives, written authorisation`, () => {
    expect(sth.complainantRoles?.allowed).toEqual(['client', 'legal-representative', 'authorised-person', 'surviving-relative']);
  });

  it(`${cite('[002 §6B, §7]')} ${cite('[002 §4.11]')} reach via the general access or the complaints mailbox`, () => {
    expect(sth.contacts.find((c) => c.id === 'secretaris-klachten')?.email).toBe('klachten@sthelmond.nl');
    expect(sth.intake?.channels).toContain('email');
  });

  it(`${cite('[002 §3.3]')} Wmo and Jeugdwet regimes: an independent committee is present (no warning)`, () => {
    expect(sth.regimes.map((r) => r.law)).toEqual(['wmo', 'jeugdwet']);
    expect(checkRegulation(sth).warnings).toEqual([]);
  });

  it(`${cite('[002 §9.3]')} ${cite('[002 §9.5], Jeugdwet 4.3.1')} a yearly analysis, published before 1 June`, () => {
    expect(reportDueDates(sth, 2026)).toMatchObject([{ period: 'year', to: 'public', dueBefore: '2026-06-01' }]);
  });

  it(`${cite('[002 §1]')} STH's regulation knows no compliments`, () => {
    expect(createCase(sth, facts({ kind: 'compliment', receivedOn: '2026-03-02' }))).toMatchObject({ ok: false, code: 'kind-not-accepted' });
  });

  it(`${cite('[000 §3.8] (product default; 002 sets no term)')} retention defaults to 5 years`, () => {
    expect(retentionEnd(sth, '2026-01-01').destroyFrom).toBe('2031-01-01');
  });
});

// ---------------------------------------------------------------- 003 Ondersteuningsteam

describe('ondersteuningsteam (seed 003)', () => {
  it.each([
    [
      'client',
      { lastContactAt: '2025-09-02', incidentDates: ['2025-01-10'] },
      'admissible',
      'six-months-after-last-contact',
      '6 months after the last contact, the last day; the event may be older',
    ],
    ['client', { lastContactAt: '2025-09-01' }, 'inadmissible', 'six-months-after-last-contact', '6 months and a day after the last contact'],
    ['client', {}, 'needs-judgement', 'six-months-after-last-contact', 'last contact unknown'],
    ['partner-organisation', { incidentDates: ['2025-09-02'], lastContactAt: '2026-02-01' }, 'admissible', 'partner-six-months', 'a partner: 6 months after the event'],
    [
      'partner-organisation',
      { incidentDates: ['2025-09-01'], lastContactAt: '2026-02-01' },
      'inadmissible',
      'partner-six-months',
      'a partner: the event is 6 months and a day old, recent contact notwithstanding',
    ],
  ] as const)(`${cite('[003]')} %s with %j on 2026-03-02 → %s by %s (%s)`, (role, extra, proposal, limit, _why) => {
    const p = proposeAdmissibility(
      ot,
      facts({ receivedOn: '2026-03-02', complainant: { role }, ...extra, incidentDates: [...((extra as { incidentDates?: readonly string[] }).incidentDates ?? [])] }),
    );
    expect(p.proposal).toBe(proposal);
    expect(p.timeLimit?.id).toBe(limit);
  });

  it(`${cite('[003]')} contact person first, then the complaints handler, who may hear, needs a report, and always tells the result`, () => {
    const s = story(ot, { receivedOn: '2026-03-02' });
    expect(s.state.level).toBe('contact-person');
    s.do({ type: 'escalated', toLevel: 'complaints-handler' }, '2026-03-09');
    s.do({ type: 'contacted' }, '2026-03-10');
    s.do({ type: 'hearing-scheduled', at: '2026-03-20T10:00:00+01:00' }, '2026-03-11');
    expect(s.try({ type: 'hearing-held' }, '2026-03-20')).toMatchObject({ ok: false, code: 'hearing-report-required' });
    s.do({ type: 'hearing-held', report: 'Verslag' }, '2026-03-20');
    expect(s.do({ type: 'decided', outcome: 'partly-well-founded', motivation: 'x' }, '2026-03-25')).toEqual(['decision']);
    expect(s.deadlines('2026-03-25')).toEqual([]); // "as soon as possible": no fixed date
  });

  it(`${cite('[003]')} a privacy complaint may also go to the VNG's data protection officer`, () => {
    expect(ot.contacts.find((c) => c.role === 'data-protection-officer')?.email).toBe('FG@vng.nl');
  });
});

// ---------------------------------------------------------------- 004 Stadsring51

describe('stadsring51 (seed 004)', () => {
  it.each([
    ['acknowledgement', '2026-03-11', '[004 §6.3]', 'one week'],
    ['admissibility-notice', '2026-04-01', '[004 §5.3]', '4 weeks'],
    ['decision', '2026-04-29', '[004 §6.8]', '8 weeks'],
  ] as const)('%s due %s %s: %s after receipt on 2026-03-04', (kind, due, source, _why) => {
    cite(source);
    const s = story(stadsring, { receivedOn: '2026-03-04' });
    expect(s.deadline(kind, '2026-03-04')).toMatchObject({ due, status: 'open', source });
    expect(s.deadline(kind, due)?.status).toBe('open');
    expect(s.deadline(kind, '2026-04-30')?.status).toBe('missed');
  });

  it(`${cite('[004 §6.8]')} a private regulation's 8 weeks ending on King's Day stays there (no Atw); no extension`, () => {
    const s = story(stadsring, { receivedOn: '2026-03-02' });
    expect(s.deadline('decision', '2026-03-02')).toMatchObject({ due: '2026-04-27', explanation: { atw: { applies: false } } });
    expect(s.try({ type: 'extended', weeks: 2, reason: 'x' }, '2026-03-05')).toMatchObject({ ok: false, code: 'extension-not-allowed' });
    expect(s.try({ type: 'paused', reason: 'x' }, '2026-03-05')).toMatchObject({ ok: false, code: 'pause-not-allowed' });
  });

  it.each([
    [['2025-03-04'], 'admissible', 'exactly one year'],
    [['2025-03-03'], 'inadmissible', 'one year and a day'],
    [['2024-12-01', '2025-06-01'], 'admissible', 'one event in time; the older one is noted'],
  ] as const)(`${cite('[004 §5.1b]')} conduct on %j, received 2026-03-04 → %s (%s)`, (incidentDates, proposal, _why) => {
    const p = proposeAdmissibility(stadsring, facts({ receivedOn: '2026-03-04', incidentDates: [...incidentDates] }));
    expect(p.proposal).toBe(proposal);
    if (incidentDates.length === 2) expect(p.toConsider.map((g) => g.code)).toContain('time-limit');
  });

  it(`${cite('[004 §5.1a]')} already handled under this regulation → not handled`, () => {
    const p = proposeAdmissibility(stadsring, facts({ receivedOn: '2026-03-04', incidentDates: ['2026-02-01'], flags: { alreadyHandled: true } }));
    expect(p).toMatchObject({ proposal: 'inadmissible', grounds: [{ code: 'already-handled', source: '[004 §5.1a]' }] });
  });

  it(`${cite('[004 §5.1c]')} a dispute body involved → not handled, and handling under way stops`, () => {
    const p = proposeAdmissibility(stadsring, facts({ receivedOn: '2026-03-04', incidentDates: ['2026-02-01'], flags: { disputeBody: true } }));
    expect(p.proposal).toBe('inadmissible');
    const s = story(stadsring, { receivedOn: '2026-03-04' });
    s.do({ type: 'admissibility-decided', admissible: true }, '2026-03-05');
    expect(s.try({ type: 'admissibility-decided', admissible: false, grounds: ['already-handled'] }, '2026-03-10')).toMatchObject({
      ok: false,
      code: 'admissibility-already-decided',
    });
    expect(s.do({ type: 'admissibility-decided', admissible: false, grounds: ['dispute-body'] }, '2026-03-10')).toEqual(['inadmissibility']);
    expect(s.state.status).toBe('inadmissible');
  });

  it(`${cite('[004 §5.2]')} insufficient interest is a judgement: weighed, proposed only when raised`, () => {
    const quiet = proposeAdmissibility(stadsring, facts({ receivedOn: '2026-03-04', incidentDates: ['2026-02-01'] }));
    expect(quiet).toMatchObject({ proposal: 'admissible', toConsider: [{ code: 'insufficient-interest', basis: 'judgement' }] });
    const raised = proposeAdmissibility(stadsring, facts({ receivedOn: '2026-03-04', incidentDates: ['2026-02-01'], flags: { insufficientInterest: true } }));
    expect(raised).toMatchObject({ proposal: 'needs-judgement', grounds: [{ code: 'insufficient-interest', basis: 'judgement', source: '[004 §5.2]' }] });
  });

  it.each([
    ['manifestly-unfounded', true],
    ['waived', true],
    ['no-response', false],
  ] as const)(`${cite('[004 §6.5, §6.6, §6.7]')} hearing skipped on the ground %s: allowed %s`, (ground, allowed) => {
    const s = story(stadsring, { receivedOn: '2026-03-04' });
    const r = s.try({ type: 'hearing-skipped', ground }, '2026-03-05');
    expect(r.ok).toBe(allowed);
    if (!allowed) expect(r).toMatchObject({ code: 'hearing-skip-not-allowed' });
    else expect(s.do({ type: 'decided', outcome: 'unfounded', motivation: 'Manifestly unfounded.' }, '2026-03-06')).toEqual(['decision']);
  });

  it(`${cite('[004 §6.7]')} a held hearing needs a report`, () => {
    const s = story(stadsring, { receivedOn: '2026-03-04' });
    s.do({ type: 'hearing-scheduled', at: '2026-03-12T10:00:00+01:00' }, '2026-03-05');
    expect(s.try({ type: 'hearing-held', report: '' }, '2026-03-12')).toMatchObject({ ok: false, code: 'hearing-report-required' });
  });

  it(`${cite('[004 §6.3]')} ${cite('[004 §6.4]')} acknowledgement to the complainant, a copy of the complaint to the respondent`, () => {
    const s = story(stadsring, { receivedOn: '2026-03-04' });
    expect(s.do({ type: 'acknowledged' }, '2026-03-05')).toEqual(['acknowledgement', 'complaint-copy']);
    expect(s.deadline('acknowledgement', '2026-04-30')).toMatchObject({ status: 'met', doneOn: '2026-03-05' });
  });

  it(`${cite('[004 §6.9, §6.11]')} ${cite('[004 §6.11]')} the motivated findings go to both and name the Nationale ombudsman, Postbus 93122, 2509 AC Den Haag`, () => {
    const [rule] = letterRules(stadsring, 'complaints-officer', 'decision');
    expect(rule?.to).toEqual(['complainant', 'respondent']);
    const ombudsman = stadsring.contacts.find((c) => c.id === rule?.names[0]);
    expect(ombudsman?.postalAddress).toEqual(['Postbus 93122', '2509 AC Den Haag']);
    const s = story(stadsring, { receivedOn: '2026-03-04' });
    s.do({ type: 'hearing-skipped', ground: 'waived' }, '2026-03-05');
    expect(s.try({ type: 'decided', outcome: 'unfounded', motivation: '' }, '2026-03-06')).toMatchObject({ ok: false, code: 'invalid-event' });
    s.do({ type: 'decided', outcome: 'unfounded', motivation: 'Findings: …' }, '2026-03-06');
    s.do({ type: 'escalated', toLevel: 'ombudsman' }, '2026-03-20');
    expect(s.state.level).toBe('ombudsman');
  });

  it(`${cite('[004 §1]')} ${cite('[004 §6.1, §6.2]')} ${cite('[004 §6.2]')} handled by a complaints officer who is not the respondent; no four-eyes`, () => {
    expect(stadsring.levels[0]).toMatchObject({ handlerRole: 'complaints-officer', fourEyes: { required: false } });
    const s = story(stadsring, { receivedOn: '2026-03-04' });
    s.do({ type: 'hearing-skipped', ground: 'waived' }, '2026-03-05');
    s.do({ type: 'decided', outcome: 'unfounded', motivation: 'x' }, '2026-03-06');
    expect(s.state.status).toBe('decided');
  });

  it(`${cite('[004 §1, §4.2, §4.3]')} ${cite('[004 §4.1, §4.4]')} a written, signed complaint by a (former or refused) client or a representative`, () => {
    expect(stadsring.intake).toMatchObject({ writtenSignatureRequired: true });
    expect(stadsring.complainantRoles?.allowed).toContain('legal-representative');
  });

  it(`${cite('[004 §7.2, §8.1]')} a yearly analysis, discussed internally`, () => {
    expect(stadsring.reports).toEqual([{ period: 'year', to: 'internal', dueBefore: [], source: '[004 §7.2, §8.1]' }]);
  });

  it(`${cite('[000 §3.8] (product default; 004 sets no term)')} retention defaults to 5 years`, () => {
    expect(retentionEnd(stadsring, '2026-03-04').destroyFrom).toBe('2031-03-04');
  });
});

// ---------------------------------------------------------------- Awb and Wkkgz presets

describe('awb-gemeente', () => {
  it(`${cite('Awb 9:11')} 6 weeks ending on Christmas Day run to Monday 29 December (Atw art. 1)`, () => {
    const s = story(awb, { receivedOn: '2025-11-13' }, { level: 'formal' });
    const d = s.deadline('decision', '2025-11-13')!;
    expect(d.due).toBe('2025-12-29');
    expect(d.explanation).toMatchObject({
      termEnd: '2025-12-25',
      atw: { applies: true, shiftedFrom: '2025-12-25' },
      source: 'Awb 9:11',
    });
    expect(d.explanation.atw.skipped.map((x) => x.date)).toEqual(['2025-12-25', '2025-12-26', '2025-12-27', '2025-12-28']);
  });

  it(`${cite('Awb 9:11')} the one extension is announced before the term ends, at most 4 weeks`, () => {
    const s = story(awb, { receivedOn: '2026-03-02' }, { level: 'formal' });
    expect(s.try({ type: 'extended', weeks: 4, reason: 'late' }, '2026-04-14')).toMatchObject({ ok: false, code: 'extension-after-expiry' });
    expect(s.do({ type: 'extended', weeks: 3, reason: 'Witness' }, '2026-04-13')).toEqual(['extension']);
    expect(s.deadline('decision', '2026-04-13')?.due).toBe('2026-05-04');
  });

  it(`${cite('Awb 9:10')} ${cite('Awb 9:8')} ${cite('Awb 9:4')} no-response is a ground to skip hearing; anonymous becomes a signal`, () => {
    const s = story(awb, { receivedOn: '2026-03-02' }, { level: 'formal' });
    expect(s.try({ type: 'hearing-skipped', ground: 'no-response' }, '2026-03-20').ok).toBe(true);
    expect(story(awb, { receivedOn: '2026-03-02', complainant: null }).state.kind).toBe('signal');
  });

  it(`${cite('Awb 9:5')} ${cite('Awb 9:18')} ${cite('Awb 9:1')} informal first, the ombudsman last (v1: the formal term ran from reaching the level)`, () => {
    const s = story(getPreset('awb-gemeente', 1)!, { receivedOn: '2026-03-02' });
    expect(s.state.level).toBe('informal');
    s.do({ type: 'escalated', toLevel: 'formal' }, '2026-03-05');
    expect(s.deadline('decision', '2026-03-05')?.due).toBe('2026-04-16');
  });

  it(`${cite('Awb 9:5')} ${cite('Awb 9:6')} ${cite('Awb 9:11')} ${cite('Awb 9:4')} v2: a written complaint's terms run from its receipt at the informal level and on at the formal level`, () => {
    expect(awb.version).toBe(2);
    const s = story(awb, { receivedOn: '2026-03-02', channel: 'post' });
    expect(s.state.level).toBe('informal');
    // Acknowledgement: 5 working days → Monday 9 March; decision: 6 weeks → Monday 13 April 2026.
    expect(s.deadline('acknowledgement', '2026-03-02')).toMatchObject({ due: '2026-03-09', status: 'open', level: 'informal' });
    expect(s.deadline('decision', '2026-03-02')).toMatchObject({ due: '2026-04-13', status: 'open', level: 'informal' });
    s.do({ type: 'acknowledged' }, '2026-03-03');
    s.do({ type: 'escalated', toLevel: 'formal' }, '2026-03-05');
    // Not restarted at escalation: still 6 weeks from 2 March, and the acknowledgement given below counts.
    const d = s.deadline('decision', '2026-03-05')!;
    expect(d).toMatchObject({ due: '2026-04-13', level: 'formal' });
    expect(d.explanation.start).toEqual({ event: 'first-received', date: '2026-03-02' });
    expect(d.explanation.summary).toContain('first receipt');
    expect(s.deadline('acknowledgement', '2026-03-05')).toMatchObject({ status: 'met', doneOn: '2026-03-03', level: 'formal' });
    // An oral complaint is no klaagschrift: settled informally without these terms (Awb 9:4).
    expect(story(awb, { receivedOn: '2026-03-02', channel: 'phone' }).deadlines('2026-03-02')).toEqual([]);
  });

  it(`${cite('Awb 9:11')} v2: an extension at the informal level is the one extension of the term, also after escalation`, () => {
    const s = story(awb, { receivedOn: '2026-03-02', channel: 'email' });
    s.do({ type: 'extended', weeks: 4, reason: 'Contact with the team first' }, '2026-04-01');
    expect(s.deadline('decision', '2026-04-01')?.due).toBe('2026-05-11');
    s.do({ type: 'escalated', toLevel: 'formal' }, '2026-04-02');
    expect(s.deadline('decision', '2026-04-02')?.due).toBe('2026-05-11');
    expect(s.try({ type: 'extended', weeks: 2, reason: 'Again' }, '2026-04-03')).toMatchObject({ ok: false, code: 'extension-needs-consent' });
  });
});

describe('wkkgz', () => {
  it(`${cite('Wkkgz art. 17')} 6 weeks, at most 4 more with written notice; the clock does not pause`, () => {
    const s = story(wkkgz, { receivedOn: '2026-03-02' });
    expect(s.deadline('decision', '2026-03-02')?.due).toBe('2026-04-13');
    expect(s.try({ type: 'paused', reason: 'holiday' }, '2026-03-05')).toMatchObject({ ok: false, code: 'pause-not-allowed' });
    expect(s.do({ type: 'extended', weeks: 4, reason: 'Careful handling' }, '2026-04-10')).toEqual(['extension']);
    expect(s.deadline('decision', '2026-04-10')?.due).toBe('2026-05-11');
  });

  it(`${cite('Wkkgz art. 18')} an independent dispute body above the provider`, () => {
    expect(wkkgz.levels.at(-1)).toMatchObject({ body: 'dispute-body', independent: true, entry: false });
  });
});

// ---------------------------------------------------------------- coverage of citations

describe('every rule of every seed is tested', () => {
  it('each citation in the seed presets appears in a test name above', () => {
    const seeds = ['utrecht-buurtteams', 'stichtse-vecht', 'sth-helmond', 'ondersteuningsteam', 'stadsring51'];
    const missing: string[] = [];
    for (const id of seeds) {
      const sources = (JSON.stringify(reg(id)).match(/"source":"[^"]*"/g) ?? []).map((s) => s.slice(10, -1));
      for (const s of sources) for (const c of citations(s)) if (!cited.has(c)) missing.push(`${id}: ${c} (from "${s}")`);
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
