import type { GroundCode, LetterKind, Outcome } from '../domain/regulation.schema.ts';

/** A calendar date 'YYYY-MM-DD'; letters print it in Dutch long form. */
export type LetterDate = string;

/** The sender: printed in the letterhead and used for "questions?" lines. */
export interface LetterOrganisation {
  name: string;
  street?: string | null;
  postalCode?: string | null;
  city?: string | null;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
}

export interface LetterRecipient {
  name: string;
  /** Postal address lines, e.g. ['Oudegracht 1', '3511 AA Utrecht']; absent for a letter sent by e-mail only. */
  addressLines?: string[];
  /** Who reads the letter; the wording differs for the person complained about. Default 'complainant'. */
  role?: 'complainant' | 'respondent';
  /** Overrides 'Beste {name},'. */
  salutation?: string;
}

/** Who signs: the complaints officer (or committee secretary, manager …). */
export interface LetterHandler {
  name: string;
  /** E.g. 'Klachtenfunctionaris'. */
  role: string;
}

/** A body or person the letter names: committee, ombudsman, klantondersteuner, vertrouwenspersoon. */
export interface LetterContact {
  name: string;
  addressLines?: string[];
  email?: string;
  website?: string;
  phone?: string;
}

/** A date the reader should know about and what happens on it, in plain words. */
export interface LetterDeadline {
  date: LetterDate;
  /** Completes "Uiterlijk op {date} …", e.g. 'hoort u van ons wat wij met uw klacht doen'. */
  meaning: string;
}

export interface LetterBase {
  organisation: LetterOrganisation;
  recipient: LetterRecipient;
  /** The case reference ("Ons kenmerk"), e.g. 'SR51-2026-0007'. */
  reference: string;
  /** The letter's date. */
  date: LetterDate;
  /** The place before the date; the organisation's city when absent. */
  place?: string;
  handler?: LetterHandler;
  /** The complainant's name, for letters to the respondent ("de klacht van …"). */
  complainantName?: string;
  /** Independent helpers of the complainant: klantondersteuner, vertrouwenspersoon. */
  support?: LetterContact[];
  /**
   * The organisation's own words (the regulation's `letters[].text`): `intro` after the
   * opening paragraph, `closing` before the line for questions. Added to the standard
   * text, never in place of it, so the terms and the route onwards stay in the letter.
   */
  ownText?: { intro?: string; closing?: string };
}

/** A ground for not handling a complaint; the default explanation per code can be replaced. */
export interface InadmissibilityGround {
  code: GroundCode;
  /** Plain-Dutch explanation for this case; a standard sentence per code when absent. */
  explanation?: string;
}

export interface DecisionPoint {
  /** The complaint point in the complainant's terms. */
  description: string;
  outcome: Outcome;
  /** Why, for this point. */
  explanation?: string;
}

export type LetterPayload =
  | {
      kind: 'acknowledgement';
      receivedOn: LetterDate;
      /** The next step and its date, e.g. the decision deadline. */
      next?: LetterDeadline;
      /** What the complainant wrote about, in one line. */
      summary?: string;
    }
  | {
      /** The copy of the complaint sent to the person it is about [004 §6.4]. */
      kind: 'complaint-copy';
      receivedOn: LetterDate;
      summary?: string;
      next?: LetterDeadline;
    }
  | {
      kind: 'inadmissibility';
      receivedOn: LetterDate;
      grounds: InadmissibilityGround[];
      /** Where the complainant can go instead, e.g. the municipality for an objection. */
      alternative?: LetterContact & { deadline?: LetterDeadline };
    }
  | {
      kind: 'hearing-invitation';
      hearing: {
        /** An instant ('2026-12-01T13:30:00Z') or Amsterdam local time ('2026-12-01T14:30'). */
        at: string;
        place: string;
        /** Who will be present, e.g. ['de klachtenfunctionaris', 'de medewerker']. */
        attendees?: string[];
      };
      /** Date by which to say whether the reader comes. */
      replyBy?: LetterDate;
    }
  | {
      kind: 'hearing-report';
      hearing: { heldOn: LetterDate; place?: string };
      /** The report itself (verslag van het horen) [004 §6.7]. */
      report: string;
      /** Date by which the reader can send corrections. */
      commentsBy?: LetterDate;
    }
  | {
      kind: 'extension';
      extension: {
        weeks: number;
        reason: string;
        /** The deadline as it was. */
        originalDue?: LetterDate;
        newDue: LetterDate;
      };
    }
  | {
      kind: 'decision';
      decision: {
        outcome: Outcome;
        /** Absent when the regulation does not let this recipient read it (issue 13); the complainant always reads it (Awb 9:12). */
        motivation?: string;
        points?: DecisionPoint[];
        recommendations?: string[];
        /** Where to go when the complainant does not agree: committee or ombudsman. */
        nextStep?: LetterContact & { deadline?: LetterDeadline };
        /** The advisory committee's advice the board decided on (Awb 9:14, 9:15). */
        advice?: { outcome: Outcome; by: string; departureReason?: string };
      };
    }
  | { kind: 'withdrawal'; withdrawnOn: LetterDate; receivedOn?: LetterDate }
  /** What is missing at intake and by when to repair it (Awb 4:5). */
  | { kind: 'repair-request'; receivedOn: LetterDate; missing: string[]; due: LetterDate }
  | {
      kind: 'unreachable';
      /** The last contact; the complaint ends after two months of silence [002 §5.8]. */
      unreachableSince: LetterDate;
      /** The ways we tried, e.g. ['gebeld op 3 oktober 2026', 'een e-mail gestuurd']. */
      attempts?: string[];
    }
  | {
      kind: 'referral';
      /** Who handles it now, and why. */
      /** `notAComplaint`: what came in was no complaint (a street report, a request for help) [issue 9 §2.9]. */
      referral: { to: LetterContact; reason: string; deadline?: LetterDeadline; notAComplaint?: boolean };
    };

export type LetterInput = LetterBase & LetterPayload;

// Every letter kind the lifecycle can ask for has a payload here.
type Covered = LetterPayload['kind'];
type AssertAll<T extends Covered> = T;
export type AllLetterKindsCovered = AssertAll<LetterKind>;

/** A piece of the letter body; the PDF and the plain-text version render the same blocks. */
export type LetterBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; text: string }
  /** `ordered`: numbered 1., 2., … instead of bullets. */
  | { type: 'list'; items: string[]; ordered?: boolean }
  /** A contact: name in bold, then its address lines. */
  | { type: 'contact'; lines: string[] };

export interface LetterContent {
  kind: LetterKind;
  subject: string;
  salutation: string;
  blocks: LetterBlock[];
  /** The body as plain paragraphs (lists as '- ' lines): for e-mail and tests. */
  paragraphs: string[];
  closing: string;
  /** Signature lines: handler name, role, organisation. */
  signature: string[];
}
