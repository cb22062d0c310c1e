// The words of every letter, in Dutch at B1 level: short sentences, plain words,
// what happens next and by when. Pure: the same input gives the same letter.
import type { GroundCode, Outcome } from '../domain/regulation.schema.ts';
import { dutchDate, dutchDateTime } from './dutch.ts';
import type { LetterBase, LetterBlock, LetterContact, LetterContent, LetterDeadline, LetterInput } from './letters.types.ts';

/** The outcome in the words the decision letter uses [004 §6.9, Awb 9:12]. */
export const OUTCOME_WORDS: Record<Outcome, { word: string; verdict: string; meaning: string }> = {
  'well-founded': { word: 'gegrond', verdict: 'De klacht is gegrond.', meaning: 'Dat betekent: wij vinden de klacht terecht.' },
  'partly-well-founded': {
    word: 'deels gegrond',
    verdict: 'De klacht is deels gegrond.',
    meaning: 'Dat betekent: wij vinden de klacht voor een deel terecht en voor een deel niet.',
  },
  unfounded: { word: 'ongegrond', verdict: 'De klacht is ongegrond.', meaning: 'Dat betekent: wij vinden de klacht niet terecht.' },
  resolved: {
    word: 'opgelost',
    verdict: 'De klacht is opgelost.',
    meaning: 'Dat betekent: er is samen een oplossing gevonden. Daarom geven wij geen oordeel meer over de klacht.',
  },
  'no-judgement': {
    word: 'geen oordeel',
    verdict: 'Wij geven geen oordeel over de klacht.',
    meaning: 'Dat betekent: wij kunnen niet vaststellen of de klacht terecht is of niet.',
  },
};

/** Standard plain-Dutch explanation per ground for not handling a complaint [002 §2, 004 §5]. */
export const GROUND_EXPLANATIONS: Record<GroundCode, string> = {
  'time-limit': 'U heeft de klacht te laat ingediend. Een klacht moet binnen een bepaalde tijd worden ingediend. Die tijd was al voorbij.',
  'about-decision': 'Uw klacht gaat over een besluit (een beschikking). Over een besluit kunt u geen klacht indienen. U kunt wel bezwaar maken tegen het besluit.',
  'criminal-prosecution': 'U wilt dat iemand wordt gestraft. Dat kan niet met een klacht. Daarvoor kunt u aangifte doen bij de politie.',
  'financial-claim': 'U vraagt om geld, zoals een schadevergoeding. Daarover gaat deze klachtenregeling niet.',
  anonymous: 'Wij weten niet van wie de klacht komt. Een klacht zonder naam kunnen wij niet als klacht behandelen. Wij gebruiken uw melding wel om ons werk beter te maken.',
  'external-procedure': 'Voor dit onderwerp bestaat een andere, speciale procedure. Die procedure gaat voor.',
  'already-handled': 'Wij hebben eerder al een klacht over hetzelfde behandeld en afgerond.',
  'dispute-body': 'Een andere instantie, zoals een rechter of een geschillencommissie, is al gevraagd om hierover te oordelen. Daarom behandelen wij de klacht niet.',
  'insufficient-interest': 'Het belang voor u, of wat er gebeurd is, is te klein om de klacht te behandelen.',
  incomplete: 'Bij uw klacht ontbrak iets wat nodig is. Wij hebben u gevraagd dat aan te vullen, maar het is niet op tijd bij ons binnengekomen.',
};

const MISSING_NL: Record<string, string> = {
  signature: 'uw handtekening onder de klacht (stuur de klacht ondertekend opnieuw op)',
  authorisation: 'een schriftelijke machtiging: een verklaring van de klager dat u namens hem of haar de klacht mag indienen',
};

const p = (text: string): LetterBlock => ({ type: 'paragraph', text });
const h = (text: string): LetterBlock => ({ type: 'heading', text });
const list = (items: string[], ordered = false): LetterBlock => ({ type: 'list', items, ...(ordered ? { ordered } : {}) });

/** Free text as paragraphs: blank lines separate them, single line breaks stay. */
function freeText(text: string): LetterBlock[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map(p);
}

function contactLines(c: LetterContact): string[] {
  return [
    c.name,
    ...(c.addressLines ?? []),
    ...(c.phone ? [`Telefoon: ${c.phone}`] : []),
    ...(c.email ? [`E-mail: ${c.email}`] : []),
    ...(c.website ? [`Website: ${c.website}`] : []),
  ];
}

const deadlineSentence = (d: LetterDeadline): string => `Uiterlijk op ${dutchDate(d.date)} ${d.meaning.trim().replace(/\.$/, '')}.`;

function questions(input: LetterBase): LetterBlock {
  const { phone, email } = input.organisation;
  const how =
    phone && email ? `Bel ons dan op ${phone} of mail naar ${email}.` : phone ? `Bel ons dan op ${phone}.` : email ? `Mail ons dan op ${email}.` : 'Neem dan contact met ons op.';
  return p(`Heeft u vragen? ${how} Noem dan ons kenmerk ${input.reference}.`);
}

/** Who can help the complainant, free of charge [000 §3.2, 002 §5.3, 004 §4.4]. */
function help(input: LetterBase): LetterBlock[] {
  const blocks: LetterBlock[] = [
    h('Hulp nodig?'),
    p('U mag iemand vragen om u te helpen, bijvoorbeeld een onafhankelijke klantondersteuner of een vertrouwenspersoon. Zij staan naast u. Hun hulp is gratis.'),
  ];
  for (const c of input.support ?? []) blocks.push({ type: 'contact', lines: contactLines(c) });
  return blocks;
}

const isRespondent = (input: LetterBase) => input.recipient.role === 'respondent';
const theComplaint = (input: LetterBase) => (isRespondent(input) ? `de klacht van ${input.complainantName ?? 'een cliënt'}` : 'uw klacht');

type Body = { subject: string; blocks: LetterBlock[] };

function body(input: LetterInput): Body {
  const respondent = isRespondent(input);
  const complaint = theComplaint(input);
  switch (input.kind) {
    case 'acknowledgement':
      return {
        subject: 'Wij hebben uw klacht ontvangen',
        blocks: [
          p(`Wij hebben uw klacht ontvangen op ${dutchDate(input.receivedOn)}. Dank u wel dat u dit aan ons laat weten.`),
          ...(input.summary ? [p(`Uw klacht gaat over: ${input.summary.trim()}`)] : []),
          p('Een klacht indienen is gratis. De behandeling van uw klacht kost u niets.'),
          h('Wat gebeurt er nu?'),
          p(
            input.handler
              ? `${input.handler.name} (${input.handler.role.toLowerCase()}) behandelt uw klacht. Wij horen graag wat er is gebeurd. Misschien nodigen wij u uit voor een gesprek.`
              : 'Wij gaan uw klacht behandelen. Wij horen graag wat er is gebeurd. Misschien nodigen wij u uit voor een gesprek.',
          ),
          ...(input.next ? [p(deadlineSentence(input.next))] : []),
          p('U kunt uw klacht altijd intrekken. Laat het ons dan weten.'),
          ...help(input),
        ],
      };

    case 'complaint-copy':
      return {
        subject: 'Een klacht over uw werk',
        blocks: [
          p(
            `Wij hebben op ${dutchDate(input.receivedOn)} een klacht ontvangen van ${input.complainantName ?? 'een cliënt'}. De klacht gaat over u of over uw werk. Wij sturen u een kopie van de klacht en van de stukken die erbij horen.`,
          ),
          ...(input.summary ? [p(`De klacht gaat over: ${input.summary.trim()}`)] : []),
          h('Wat gebeurt er nu?'),
          p('Wij horen graag ook uw kant van het verhaal. U krijgt de kans om te reageren. Misschien nodigen wij u uit voor een gesprek.'),
          ...(input.next ? [p(deadlineSentence(input.next))] : []),
          p('Houd de klacht geheim. Praat er alleen over met de mensen die de klacht behandelen.'),
        ],
      };

    case 'inadmissibility': {
      if (input.grounds.length === 0) throw new RangeError('an inadmissibility letter needs at least one ground');
      const reasons = input.grounds.map((g) => g.explanation?.trim() || GROUND_EXPLANATIONS[g.code]);
      const alt = input.alternative;
      return {
        subject: 'Wij behandelen uw klacht niet',
        blocks: [
          p(`Wij hebben uw klacht ontvangen op ${dutchDate(input.receivedOn)}. Wij hebben gekeken of wij uw klacht kunnen behandelen. Dat kan helaas niet.`),
          h('Waarom niet?'),
          ...(reasons.length === 1 ? [p(reasons[0]!)] : [p('Daar zijn deze redenen voor:'), list(reasons)]),
          ...(alt
            ? [
                h('Wat kunt u wel doen?'),
                p('U kunt hiervoor terecht bij:'),
                { type: 'contact', lines: contactLines(alt) } satisfies LetterBlock,
                ...(alt.deadline ? [p(deadlineSentence(alt.deadline))] : []),
              ]
            : []),
          p('Denkt u dat wij ons vergissen? Neem dan contact met ons op.'),
          ...help(input),
        ],
      };
    }

    case 'hearing-invitation': {
      const { hearing } = input;
      return {
        subject: 'Uitnodiging voor een gesprek over de klacht',
        blocks: [
          p(
            respondent
              ? `Wij willen graag met u praten over ${complaint}. In het gesprek kunt u uw kant van het verhaal vertellen. Dit heet het horen.`
              : 'Wij willen graag met u praten over uw klacht. In het gesprek kunt u vertellen wat er is gebeurd en wat u wilt bereiken. Dit heet het horen.',
          ),
          h('Wanneer en waar?'),
          list([
            `Datum en tijd: ${dutchDateTime(hearing.at)}`,
            `Plaats: ${hearing.place}`,
            ...(hearing.attendees?.length ? [`Bij het gesprek zijn: ${hearing.attendees.join(', ')}`] : []),
          ]),
          p('Wij maken een verslag van het gesprek. U krijgt dat verslag.'),
          ...(respondent ? [] : [p('U mag iemand meenemen die u helpt. Bijvoorbeeld iemand uit uw familie, een klantondersteuner of een vertrouwenspersoon.')]),
          p(input.replyBy ? `Laat ons uiterlijk op ${dutchDate(input.replyBy)} weten of u komt.` : 'Laat ons weten of u komt.'),
          p('Kunt u niet op deze dag? Neem dan contact met ons op. Dan zoeken wij samen een andere dag.'),
          ...(respondent ? [] : [p('Wilt u liever geen gesprek? Dat mag. Laat het ons dan weten. Wij behandelen uw klacht dan zonder gesprek.'), ...help(input)]),
        ],
      };
    }

    case 'hearing-report':
      return {
        subject: 'Verslag van het gesprek over de klacht',
        blocks: [
          p(
            `Op ${dutchDate(input.hearing.heldOn)} hebben wij met u gesproken over ${complaint}${input.hearing.place ? ` (${input.hearing.place})` : ''}. Hieronder leest u het verslag van dit gesprek.`,
          ),
          h('Verslag'),
          ...freeText(input.report),
          h('Wat gebeurt er nu?'),
          p(
            input.commentsBy
              ? `Klopt er iets niet in het verslag? Laat het ons dan uiterlijk op ${dutchDate(input.commentsBy)} weten.`
              : 'Klopt er iets niet in het verslag? Laat het ons dan zo snel mogelijk weten.',
          ),
          p('Daarna geven wij ons oordeel over de klacht. Dat oordeel krijgt u op papier.'),
        ],
      };

    case 'extension': {
      const { weeks, reason, originalDue, newDue } = input.extension;
      if (!Number.isInteger(weeks) || weeks < 1) throw new RangeError(`extension weeks must be a positive whole number, got ${weeks}`);
      const period = weeks === 1 ? '1 week' : `${weeks} weken`;
      return {
        subject: `Wij hebben meer tijd nodig voor ${respondent ? 'de klacht' : 'uw klacht'}`,
        blocks: [
          p(
            respondent
              ? `De behandeling van ${complaint} duurt langer dan gepland.`
              : 'Wij hebben meer tijd nodig om uw klacht goed te behandelen. Het spijt ons dat het langer duurt.',
          ),
          h('Waarom?'),
          ...freeText(reason),
          h('Wanneer krijgt u ons oordeel?'),
          p(`Wij verlengen de termijn met ${period}.`),
          p(
            originalDue
              ? `U zou ons oordeel uiterlijk op ${dutchDate(originalDue)} krijgen. U krijgt het nu uiterlijk op ${dutchDate(newDue)}.`
              : `U krijgt ons oordeel uiterlijk op ${dutchDate(newDue)}.`,
          ),
          ...(respondent
            ? []
            : [p('Wij mogen de termijn maar één keer verlengen. Hebben wij daarna nog meer tijd nodig? Dan vragen wij eerst of u het daarmee eens bent.'), ...help(input)]),
        ],
      };
    }

    case 'decision': {
      const d = input.decision;
      const words = OUTCOME_WORDS[d.outcome];
      const points = d.points ?? [];
      const recommendations = (d.recommendations ?? []).map((r) => r.trim()).filter((r) => r !== '');
      const next = d.nextStep;
      return {
        // A complaint is judged (oordeel), not decided: a besluit is what one objects to (Awb 1:3).
        subject: respondent ? 'Ons oordeel over de klacht over uw werk' : 'Ons oordeel over uw klacht',
        blocks: [
          p(
            respondent
              ? `Wij hebben ${complaint} onderzocht. In deze brief leest u ons oordeel${d.motivation?.trim() ? ' en hoe wij daartoe zijn gekomen' : ''}. De klager krijgt ons oordeel ook.`
              : 'Wij hebben uw klacht onderzocht. In deze brief leest u ons oordeel en hoe wij daartoe zijn gekomen.',
          ),
          ...(d.advice
            ? [
                h(`Het advies van ${d.advice.by}`),
                p(
                  `${d.advice.by} heeft beide partijen gehoord en ons geadviseerd. Het advies was: de klacht is ${OUTCOME_WORDS[d.advice.outcome].word}. Wij hebben daarna zelf besloten.`,
                ),
                d.advice.outcome === d.outcome || !d.advice.departureReason
                  ? p('Wij volgen dit advies.')
                  : p(`Wij wijken af van dit advies. Dit is de reden: ${d.advice.departureReason.trim()}`),
              ]
            : []),
          h('Ons oordeel'),
          p(`${words.verdict} ${words.meaning}`),
          ...(d.motivation?.trim() ? [h('Waarom?'), ...freeText(d.motivation)] : []),
          ...(points.length
            ? [
                h('Ons oordeel per onderdeel van de klacht'),
                list(
                  points.map((pt) => {
                    const explanation = pt.explanation?.trim();
                    return `${pt.description.trim().replace(/[.:]$/, '')}: ${OUTCOME_WORDS[pt.outcome].word}.${explanation ? ` ${explanation}` : ''}`;
                  }),
                  true,
                ),
              ]
            : []),
          ...(recommendations.length ? [h('Wat moet er beter?'), p('Wij doen deze aanbevelingen:'), list(recommendations)] : []),
          ...(respondent
            ? []
            : [
                h('Bent u het niet eens met ons oordeel?'),
                ...(next
                  ? [
                      p('Dan kunt u uw klacht voorleggen aan:'),
                      { type: 'contact', lines: contactLines(next) } satisfies LetterBlock,
                      p('Dat kost u niets.'),
                      ...(next.deadline ? [p(deadlineSentence(next.deadline))] : []),
                    ]
                  : [p('Neem dan contact met ons op. Wij vertellen u wat u kunt doen.')]),
                ...help(input),
              ]),
        ],
      };
    }

    case 'withdrawal':
      return {
        subject: respondent ? 'De klacht is ingetrokken' : 'U heeft uw klacht ingetrokken',
        blocks: respondent
          ? [
              p(`${input.complainantName ?? 'De klager'} heeft op ${dutchDate(input.withdrawnOn)} de klacht ingetrokken. Wij stoppen met de behandeling van de klacht.`),
              p('U hoeft niets meer te doen.'),
            ]
          : [
              p(
                `U heeft ons op ${dutchDate(input.withdrawnOn)} laten weten dat u uw klacht intrekt.${input.receivedOn ? ` Het gaat om de klacht die wij ontvingen op ${dutchDate(input.receivedOn)}.` : ''} Met deze brief bevestigen wij dat.`,
              ),
              p('Wij stoppen met de behandeling van uw klacht. U hoeft verder niets te doen.'),
              p('Wilt u later toch weer klagen over hetzelfde? Dat kan alleen als er iets veranderd is. Bijvoorbeeld als er nieuwe feiten zijn.'),
            ],
      };

    case 'repair-request':
      return {
        subject: 'Wilt u uw klacht aanvullen?',
        blocks: [
          p(`Wij hebben uw klacht ontvangen op ${dutchDate(input.receivedOn)}. Dank u wel daarvoor.`),
          p('Om uw klacht te kunnen behandelen, hebben wij nog iets van u nodig:'),
          list(input.missing.map((m) => MISSING_NL[m] ?? m)),
          p(`Stuur dit uiterlijk op ${dutchDate(input.due)}. Tot die tijd wacht uw klacht.`),
          p('Krijgen wij het niet op tijd? Dan kunnen wij besluiten uw klacht niet te behandelen. Daarover krijgt u dan een brief.'),
          ...help(input),
        ],
      };

    case 'unreachable':
      return {
        subject: 'Wij stoppen met de behandeling van uw klacht',
        blocks: [
          p(`Wij hebben sinds ${dutchDate(input.unreachableSince)} geen contact meer met u kunnen krijgen.`),
          ...(input.attempts?.length ? [p('Wij hebben het zo geprobeerd:'), list(input.attempts)] : []),
          p('Kunnen wij u twee maanden niet bereiken? Dan kunnen wij uw klacht niet behandelen. Daarom stoppen wij met de behandeling. Uw klacht is nu afgesloten.'),
          p('Wilt u toch verder met uw klacht? Neem dan contact met ons op. Dan kijken wij samen wat er kan.'),
          ...help(input),
        ],
      };

    case 'referral': {
      const { to, reason, deadline, notAComplaint } = input.referral;
      return {
        subject: notAComplaint ? 'Waar u terecht kunt met uw melding' : 'Waar u terecht kunt met uw klacht',
        blocks: [
          ...freeText(reason),
          p('U kunt hiervoor terecht bij:'),
          { type: 'contact', lines: contactLines(to) },
          ...(deadline ? [p(deadlineSentence(deadline))] : []),
          ...help(input),
        ],
      };
    }
  }
}

/** Blocks as plain paragraphs: a list item is its own '- ' paragraph, a contact one multi-line paragraph. */
export function blocksToParagraphs(blocks: LetterBlock[]): string[] {
  return blocks.flatMap((b) =>
    b.type === 'list' ? b.items.map((item, i) => (b.ordered ? `${i + 1}. ${item}` : `- ${item}`)) : b.type === 'contact' ? [b.lines.join('\n')] : [b.text],
  );
}

/** The complete text of a letter, without layout. */
export function letterContent(input: LetterInput): LetterContent {
  if (input.reference.trim() === '') throw new RangeError('a letter needs a reference');
  dutchDate(input.date); // validates the letter's date
  const { subject, blocks: standard } = body(input);
  const { recipient, handler, organisation } = input;
  // The organisation's own words go beside the standard text: after the opening, before the questions.
  const intro = input.ownText?.intro?.trim() ? freeText(input.ownText.intro) : [];
  const closing = input.ownText?.closing?.trim() ? freeText(input.ownText.closing) : [];
  const blocks = [...standard.slice(0, 1), ...intro, ...standard.slice(1), ...closing];
  const withQuestions = [...blocks, questions(input)];
  return {
    kind: input.kind,
    subject,
    salutation: recipient.salutation?.trim() || `Beste ${recipient.name.trim()},`,
    blocks: withQuestions,
    paragraphs: blocksToParagraphs(withQuestions),
    closing: 'Met vriendelijke groet,',
    signature: handler ? [handler.name, handler.role, organisation.name] : [organisation.name],
  };
}

/** The letter as plain text, e.g. for an e-mail body that goes with the PDF. */
export function letterText(input: LetterInput): string {
  const c = letterContent(input);
  return [c.salutation, ...c.paragraphs, c.closing, c.signature.join('\n')].join('\n\n');
}
