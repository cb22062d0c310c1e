import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { renderLetterPdf, letterText, type LetterContact, type LetterInput, type LetterPayload } from '../../letters/index.ts';
import { enqueueMail } from '../../mail/outbox.ts';
import { amsterdamDate } from '../../domain/calendar.ts';
import { computeDeadlines } from '../../domain/deadlines.ts';
import { letterRules } from '../../domain/lifecycle.ts';
import { decisionParts } from '../../domain/disclosure.ts';
import type { CaseState, RecordedEvent } from '../../domain/case.ts';
import type { Contact, LetterKind, Regulation } from '../../domain/regulation.schema.ts';
import { newId } from '../../core/ids.ts';
import type { CaseRow, LetterProducer } from '../cases/cases.service.ts';

const ROLE_NL: Record<string, string> = {
  'complaints-officer': 'Klachtenfunctionaris',
  manager: 'Leidinggevende',
  'committee-member': 'Klachtencommissie',
  employee: 'Medewerker',
  admin: 'Beheerder',
  'quality-officer': 'Kwaliteitsfunctionaris',
};

const toLetterContact = (c: Contact): LetterContact => ({
  name: c.name,
  ...(c.postalAddress && { addressLines: c.postalAddress }),
  ...(c.email && { email: c.email }),
  ...(c.url && { website: c.url }),
  ...(c.phone && { phone: c.phone }),
});

function lastEvent<T extends RecordedEvent['type']>(state: CaseState, type: T): Extract<RecordedEvent, { type: T }> | undefined {
  return [...state.events].reverse().find((e) => e.type === type) as Extract<RecordedEvent, { type: T }> | undefined;
}

/** The body to name as the next step: the letter rule's contacts, else the next level's contact. */
function nextStep(regulation: Regulation, state: CaseState, names: string[]): LetterContact | undefined {
  const byId = new Map(regulation.contacts.map((c) => [c.id, c]));
  const named = names.map((n) => byId.get(n)).find(Boolean);
  if (named) return toLetterContact(named);
  const level = regulation.levels.find((l) => l.id === state.level);
  for (const up of level?.escalatesTo ?? []) {
    const contactId = regulation.levels.find((l) => l.id === up)?.contactId;
    const contact = contactId ? byId.get(contactId) : undefined;
    if (contact) return toLetterContact(contact);
  }
  return undefined;
}

/** The payload of one letter kind, from the case's state and regulation. */
interface Receiving {
  name: string;
  lines: string[];
  email: string | null;
}

function payloadFor(kind: LetterKind, c: CaseRow, state: CaseState, regulation: Regulation, names: string[], today: string, receiving?: Receiving): LetterPayload {
  const deadlines = computeDeadlines(regulation, state, today);
  // The current level's decision term (open, or run out when the event was recorded late).
  const decisionDue = deadlines.filter((d) => d.kind === 'decision' && d.level === state.level && d.status !== 'met').at(-1);
  const next = decisionDue ? { next: { date: decisionDue.due, meaning: 'hoort u van ons wat wij met uw klacht doen' } } : {};
  switch (kind) {
    case 'acknowledgement':
    case 'complaint-copy':
      return { kind, receivedOn: c.received_on, ...next };
    case 'inadmissibility': {
      const grounds = state.admissibility?.grounds ?? [];
      const objection = regulation.kinds.find((k) => k.kind === 'objection');
      const referTo = objection && 'referTo' in objection ? regulation.contacts.find((x) => x.id === objection.referTo) : undefined;
      return {
        kind,
        receivedOn: c.received_on,
        grounds: grounds.map((code) =>
          code === 'already-handled' && state.facts.repeatOf && regulation.reopening?.onlyWithNewFacts && !state.facts.newFacts
            ? {
                code,
                explanation: `Wij hebben uw klacht eerder al behandeld en afgerond (zaak ${state.facts.repeatOf}). U noemt geen nieuwe feiten of omstandigheden. Zijn die er wel? Dan kunt u opnieuw een klacht indienen en ze daarin noemen [${regulation.reopening.source}].`,
              }
            : { code },
        ),
        ...(grounds.includes('about-decision') && referTo && { alternative: toLetterContact(referTo) }),
      };
    }
    case 'hearing-invitation': {
      const e = lastEvent(state, 'hearing-scheduled');
      const place = (e as { place?: string } | undefined)?.place;
      return { kind, hearing: { at: e?.at ?? today, place: place ?? 'op ons kantoor (u hoort nog waar precies)' } };
    }
    case 'hearing-report': {
      const e = lastEvent(state, 'hearing-held');
      return { kind, hearing: { heldOn: e?.on ?? today }, report: e?.report ?? '' };
    }
    case 'extension': {
      const e = lastEvent(state, 'extended');
      return { kind, extension: { weeks: e?.weeks ?? 0, reason: e?.reason ?? '', newDue: decisionDue?.due ?? today } };
    }
    case 'decision': {
      const e = lastEvent(state, 'decided');
      const step = nextStep(regulation, state, names);
      return {
        kind,
        decision: {
          outcome: e?.outcome ?? state.decision?.outcome ?? 'no-judgement',
          motivation: e?.motivation ?? state.decision?.motivation ?? '',
          ...(e?.points && { points: e.points }),
          ...(e?.recommendations && { recommendations: e.recommendations }),
          ...(step && { nextStep: step }),
          ...(state.advice && {
            advice: {
              outcome: state.advice.outcome,
              by: regulation.levels.find((l) => l.id === state.level)?.name ?? 'de klachtencommissie',
              ...((e as { departureReason?: string } | undefined)?.departureReason && { departureReason: (e as { departureReason: string }).departureReason }),
            },
          }),
        },
      };
    }
    case 'repair-request': {
      const due = deadlines.find((d) => d.kind === 'repair');
      return { kind, receivedOn: c.received_on, missing: state.facts.missing ?? [], due: due?.due ?? today };
    }
    case 'withdrawal':
      return { kind, withdrawnOn: lastEvent(state, 'withdrawn')?.on ?? today, receivedOn: c.received_on };
    case 'unreachable': {
      const contacts = state.events.filter((e) => e.type === 'contacted').map((e) => e.on);
      return { kind, unreachableSince: contacts.at(-1) ?? c.received_on };
    }
    case 'referral': {
      // Not a complaint: the route the regulation names [issue 9 §2.9].
      const referred = state.status === 'referred' ? lastEvent(state, 'referred') : undefined;
      const route = referred && regulation.referrals?.find((r) => r.id === referred.referralId);
      if (route) {
        const contact = route.contactId ? regulation.contacts.find((x) => x.id === route.contactId) : undefined;
        const to: LetterContact = contact
          ? toLetterContact(contact)
          : { name: route.name, ...(route.email && { email: route.email }), ...(route.url && { website: route.url }), ...(route.phone && { phone: route.phone }) };
        return {
          kind,
          referral: {
            to,
            reason:
              referred.reason?.trim() ||
              `Wat u ons liet weten, is geen klacht over hoe wij u behandeld hebben. Wij kunnen het daarom niet als klacht behandelen. ${route.name} kan u wel verder helpen.`,
            notAComplaint: true,
          },
        };
      }
      const transfer = lastEvent(state, 'transferred');
      if (transfer && receiving) {
        return {
          kind,
          referral: {
            to: { name: receiving.name, ...(receiving.lines.length && { addressLines: receiving.lines }), ...(receiving.email && { email: receiving.email }) },
            reason: `Uw klacht gaat over ${receiving.name}. Wij hebben uw klacht met alle stukken aan hen doorgegeven, zodat u uw verhaal niet opnieuw hoeft te vertellen.`,
          },
        };
      }
      const objection = regulation.kinds.find((k) => k.kind === 'objection');
      const referTo = objection && 'referTo' in objection ? regulation.contacts.find((x) => x.id === objection.referTo) : undefined;
      const due = deadlines.find((d) => d.kind === 'objection');
      return {
        kind,
        referral: {
          to: referTo ? toLetterContact(referTo) : { name: 'de gemeente die het besluit nam' },
          reason: 'U bent het niet eens met een besluit. Daarvoor is bezwaar de juiste weg, geen klacht.',
          ...(due && { deadline: { date: due.due, meaning: 'moet uw bezwaarschrift binnen zijn' } }),
        },
      };
    }
  }
}

/** The organisation's own words of the letter rules addressed to one recipient, joined. */
function ownText(rules: Regulation['letters']): LetterInput['ownText'] {
  const join = (texts: (string | undefined)[]) => texts.filter((t): t is string => !!t?.trim()).join('\n\n');
  const intro = join(rules.map((r) => r.text?.intro));
  const closing = join(rules.map((r) => r.text?.closing));
  return intro || closing ? { ...(intro && { intro }), ...(closing && { closing }) } : undefined;
}

/** The decision as one recipient may read it: the parts the regulation does not give them left out (issue 13). */
function shownTo(payload: Extract<LetterPayload, { kind: 'decision' }>, parts: readonly string[]): LetterPayload {
  const { motivation, points, recommendations, ...rest } = payload.decision;
  return {
    kind: 'decision',
    decision: {
      ...rest,
      ...(parts.includes('motivation') && motivation !== undefined && { motivation }),
      ...(parts.includes('points') && points && { points }),
      ...(parts.includes('recommendations') && recommendations && { recommendations }),
    },
  };
}

/** One letter to one recipient, ready to render: what the producer stores and mails, and what a preview shows. */
export interface PlannedLetter {
  kind: LetterKind;
  role: 'complainant' | 'respondent';
  name: string;
  email?: string;
  input: LetterInput;
}

/** The letters of these kinds for the case in this state, one per recipient, as the regulation's letter rules address them. */
export async function planLetters(db: Kysely<DB>, c: CaseRow, state: CaseState, regulation: Regulation, kinds: LetterKind[]): Promise<PlannedLetter[]> {
  if (kinds.length === 0) return [];
  const org = await db.selectFrom('organisations').selectAll().where('id', '=', c.organisation_id).executeTakeFirstOrThrow();
  const complainant = c.complainant ? (JSON.parse(c.complainant) as { name: string; email?: string; address?: string }) : null;
  const handler = c.handler_user_id ? await db.selectFrom('users').select(['name']).where('id', '=', c.handler_user_id).executeTakeFirst() : undefined;
  const level = regulation.levels.find((l) => l.id === state.level);
  const respondents = await db
    .selectFrom('case_parties as p')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.name', 'u.email', 'u.name as user_name'])
    .where('p.case_id', '=', c.id)
    .where('p.role', '=', 'respondent')
    .execute();
  const today = amsterdamDate(new Date());
  // A warm handover names the organisation that takes the case over [001 §1D].
  const transfer = [...state.events].reverse().find((e) => e.type === 'transferred') as { organisationId?: string } | undefined;
  const to = transfer?.organisationId
    ? await db.selectFrom('organisations').select(['name', 'street', 'postal_code', 'city', 'email']).where('id', '=', transfer.organisationId).executeTakeFirst()
    : undefined;
  const receiving: Receiving | undefined = to
    ? { name: to.name, lines: [to.street, [to.postal_code, to.city].filter(Boolean).join(' ')].filter((x): x is string => !!x), email: to.email }
    : undefined;

  const planned: PlannedLetter[] = [];
  for (const kind of kinds) {
    const rules = letterRules(regulation, state.level, kind);
    const to = new Set(rules.flatMap((r) => r.to));
    // The law asks for this letter whatever the regulation's letter rules say (Awb 4:5).
    if ((kind === 'repair-request' || kind === 'inadmissibility') && to.size === 0) to.add('complainant');
    if (kind === 'referral' && state.status === 'referred' && lastEvent(state, 'referred') && to.size === 0) to.add('complainant');
    const names = rules.flatMap((r) => r.names);
    const payload = payloadFor(kind, c, state, regulation, names, today, receiving);
    const recipients: { role: 'complainant' | 'respondent'; name: string; email?: string; address?: string }[] = [];
    if (to.has('complainant') && complainant)
      recipients.push({
        role: 'complainant',
        name: complainant.name,
        ...(complainant.email && { email: complainant.email }),
        ...(complainant.address && { address: complainant.address }),
      });
    if (to.has('respondent')) {
      for (const r of respondents) recipients.push({ role: 'respondent', name: r.name ?? r.user_name ?? 'De betrokken medewerker', ...(r.email && { email: r.email }) });
    }
    for (const rcpt of recipients) {
      const own = ownText(rules.filter((r) => r.to.includes(rcpt.role)));
      const input = {
        organisation: { name: org.name, street: org.street, postalCode: org.postal_code, city: org.city, email: org.email, phone: org.phone, website: org.website },
        recipient: { name: rcpt.name, role: rcpt.role, ...(rcpt.address && { addressLines: rcpt.address.split(/\n|,\s*/).filter(Boolean) }) },
        reference: c.reference,
        date: today,
        ...(handler && { handler: { name: handler.name, role: ROLE_NL[level?.handlerRole ?? 'complaints-officer'] ?? 'Klachtenfunctionaris' } }),
        ...(rcpt.role === 'respondent' && complainant && { complainantName: complainant.name }),
        ...(own && { ownText: own }),
        ...(payload.kind === 'decision' ? shownTo(payload, decisionParts(regulation, state.level, rcpt.role)) : payload),
      } as LetterInput;
      planned.push({ kind, role: rcpt.role, name: rcpt.name, ...(rcpt.email && { email: rcpt.email }), input });
    }
  }
  return planned;
}

/**
 * Makes the letters a transition asks for: a PDF per recipient, stored in the
 * dossier, listed in `letters`, and mailed through the outbox, all in the
 * event's own transaction, so no letter is lost and none goes out for an
 * event that did not commit.
 */
export function createLetterProducer(): LetterProducer {
  return async (trx: Transaction<DB>, c: CaseRow, state: CaseState, regulation: Regulation, kinds: LetterKind[], eventId: string | null) => {
    const now = new Date().toISOString();
    for (const { kind, role, email, input } of await planLetters(trx, c, state, regulation, kinds)) {
      const pdf = await renderLetterPdf(input);
      const documentId = newId();
      // A letter is seen by its addressee through the letters table, not by the shared flag (that is for uploads).
      await trx
        .insertInto('documents')
        .values({
          id: documentId,
          case_id: c.id,
          kind: 'letter',
          name: `${c.reference}-${kind}-${role}.pdf`,
          mime: 'application/pdf',
          size: pdf.length,
          sha256: createHash('sha256').update(pdf).digest('hex'),
          shared: 0,
          content: pdf,
          uploaded_by: null,
          created_at: now,
        })
        .execute();
      await trx.insertInto('letters').values({ id: newId(), case_id: c.id, kind, event_id: eventId, document_id: documentId, recipient: role, created_at: now }).execute();
      if (email) {
        const text = letterText(input);
        await enqueueMail(trx, {
          caseId: c.id,
          organisationId: c.organisation_id,
          to: email,
          subject: `${text.split('\n')[0] ?? 'Brief'} (${c.reference})`,
          body: text,
          attachmentDocumentId: documentId,
        });
      }
    }
  };
}
