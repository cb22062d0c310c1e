import { randomBytes } from 'node:crypto';
import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { LETTER_KINDS } from '../domain/regulation.schema.ts';
import { dutchDate, dutchDateTime, pdfSafe } from './dutch.ts';
import { GROUND_EXPLANATIONS, letterContent, letterText } from './letters.content.ts';
import { renderLetterPdf } from './letters.pdf.ts';
import type { LetterBase, LetterInput } from './letters.types.ts';

/** The PDF's text with whitespace collapsed (line wrapping must not matter), and its page texts. */
async function pdfText(pdf: Buffer): Promise<{ text: string; pages: string[] }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
    return { text: flat(result.text), pages: result.pages.map((p) => flat(p.text)) };
  } finally {
    await parser.destroy();
  }
}

/** A fresh letter frame per test: its own reference and people. */
function base(overrides: Partial<LetterBase> = {}): LetterBase {
  const n = (randomBytes(2).readUInt16BE(0) % 9000) + 1000;
  return {
    organisation: {
      name: 'Stadsring51',
      street: 'Lange Nieuwstraat 51',
      postalCode: '3811 AB',
      city: 'Amersfoort',
      email: 'klachten@stadsring51.nl',
      phone: '033 123 45 67',
      website: 'https://www.stadsring51.nl',
    },
    recipient: { name: `mevrouw A. Jansen-${n}`, addressLines: [`Kortestraat ${n}`, '3811 AC Amersfoort'] },
    reference: `SR51-2026-${n}`,
    date: '2026-11-23',
    handler: { name: 'Piet de Vries', role: 'Klachtenfunctionaris' },
    ...overrides,
  };
}

/** What every letter shows: sender address, recipient, place and date, reference, subject, signature. */
async function expectFrame(input: LetterInput): Promise<string> {
  const pdf = await renderLetterPdf(input);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const { text } = await pdfText(pdf);
  const org = input.organisation;
  for (const part of [org.name, org.street!, org.postalCode!, org.email!, org.phone!, org.website!]) expect(text).toContain(part);
  expect(text).toContain(input.recipient.name);
  for (const line of input.recipient.addressLines ?? []) expect(text).toContain(line);
  expect(text).toContain(`${input.place ?? org.city}, ${dutchDate(input.date)}`);
  expect(text).toContain(`Ons kenmerk: ${input.reference}`);
  expect(text).toContain(`Onderwerp: ${letterContent(input).subject}`);
  expect(text).toContain('Met vriendelijke groet,');
  if (input.handler) expect(text).toContain(`${input.handler.name} ${input.handler.role}`);
  return text;
}

describe('Dutch dates', () => {
  it('prints dates in long form and hearing times on the Amsterdam clock', () => {
    expect(dutchDate('2026-11-23')).toBe('23 november 2026');
    expect(dutchDate('2027-03-01')).toBe('1 maart 2027');
    // Winter (UTC+1) and summer time (UTC+2), and a local time without offset.
    expect(dutchDateTime('2026-12-01T13:30:00Z')).toBe('dinsdag 1 december 2026 om 14.30 uur');
    expect(dutchDateTime('2026-06-01T08:05:00.000Z')).toBe('maandag 1 juni 2026 om 10.05 uur');
    expect(dutchDateTime('2026-12-01T09:00')).toBe('dinsdag 1 december 2026 om 09.00 uur');
    expect(() => dutchDate('2026-02-30')).toThrow(RangeError);
    expect(() => dutchDate('23-11-2026')).toThrow(RangeError);
  });

  it('keeps text the PDF fonts can show and replaces what they cannot', () => {
    expect(pdfSafe('Geachte heer Öztürk, één café “ok” € 10')).toBe('Geachte heer Öztürk, één café “ok” € 10');
    // The embedded Noto Sans shows Latin Extended: names keep their letters.
    expect(pdfSafe('Łódź, Ștefan, Dvořák, Şahin, Nguyễn')).toBe('Łódź, Ștefan, Dvořák, Şahin, Nguyễn');
    // Outside the font: a base letter where one exists, else '?'.
    expect(pdfSafe('ok 中文')).toBe('ok ??');
    expect(pdfSafe('ok 😀\tklaar\r\nnieuw\u200b')).toBe('ok ? klaar\nnieuw');
    // Decomposed input (e + combining diaeresis) keeps its accent.
    expect(pdfSafe('Zoe\u0308')).toBe('Zoë');
  });
});

describe('letters, one per kind', () => {
  it('covers every letter kind the lifecycle can ask for', () => {
    // A payload is typed for each LetterKind (letters.types.ts); this checks the list did not grow unseen.
    expect([...LETTER_KINDS].sort()).toEqual(
      [
        'acknowledgement',
        'complaint-copy',
        'decision',
        'extension',
        'hearing-invitation',
        'hearing-report',
        'inadmissibility',
        'referral',
        'repair-request',
        'unreachable',
        'withdrawal',
      ].sort(),
    );
  });

  it('acknowledgement: receipt date, that filing is free, the next deadline and who can help', async () => {
    const input: LetterInput = {
      ...base(),
      kind: 'acknowledgement',
      receivedOn: '2026-11-19',
      summary: 'de afspraak die twee keer niet doorging',
      next: { date: '2027-01-14', meaning: 'krijgt u ons besluit over uw klacht' },
      support: [{ name: 'Klantondersteuning Amersfoort', phone: '033 000 11 22' }],
    };
    const text = await expectFrame(input);
    expect(text).toContain('Wij hebben uw klacht ontvangen op 19 november 2026.');
    expect(text).toContain('de afspraak die twee keer niet doorging');
    expect(text).toContain('Een klacht indienen is gratis.');
    expect(text).toContain('Uiterlijk op 14 januari 2027 krijgt u ons besluit over uw klacht.');
    expect(text).toContain('klantondersteuner');
    expect(text).toContain('vertrouwenspersoon');
    expect(text).toContain('Klantondersteuning Amersfoort Telefoon: 033 000 11 22');
    expect(text).toContain(`Noem dan ons kenmerk ${input.reference}.`);
  });

  it('complaint copy to the respondent: who complained, when, and to keep it confidential', async () => {
    const input: LetterInput = {
      ...base({ recipient: { name: 'J. Bakker', role: 'respondent' }, complainantName: 'mevrouw K. Smit' }),
      kind: 'complaint-copy',
      receivedOn: '2026-11-20',
      next: { date: '2026-12-04', meaning: 'ontvangen wij graag uw reactie' },
    };
    const text = await expectFrame(input);
    expect(text).toContain('Wij hebben op 20 november 2026 een klacht ontvangen van mevrouw K. Smit.');
    expect(text).toContain('Uiterlijk op 4 december 2026 ontvangen wij graag uw reactie.');
    expect(text).toContain('Houd de klacht geheim.');
    expect(text).not.toContain('klantondersteuner'); // help is offered to complainants
  });

  it('inadmissibility: every ground in plain Dutch and where to go instead', async () => {
    const input: LetterInput = {
      ...base(),
      kind: 'inadmissibility',
      receivedOn: '2026-11-02',
      grounds: [{ code: 'about-decision' }, { code: 'time-limit', explanation: 'De gebeurtenis was op 3 maart 2025, meer dan een jaar voor uw klacht.' }],
      alternative: {
        name: 'Gemeente Amersfoort, afdeling Bezwaar',
        addressLines: ['Postbus 4000', '3800 EA Amersfoort'],
        website: 'https://www.amersfoort.nl/bezwaar',
        deadline: { date: '2026-12-14', meaning: 'moet uw bezwaar bij de gemeente zijn' },
      },
    };
    const text = await expectFrame(input);
    expect(text).toContain('Wij hebben uw klacht ontvangen op 2 november 2026.');
    expect(text).toContain('Wij behandelen uw klacht niet');
    expect(text).toContain(GROUND_EXPLANATIONS['about-decision']);
    expect(text).toContain('De gebeurtenis was op 3 maart 2025, meer dan een jaar voor uw klacht.');
    expect(text).not.toContain(GROUND_EXPLANATIONS['time-limit']); // replaced by the case's own explanation
    expect(text).toContain('Gemeente Amersfoort, afdeling Bezwaar Postbus 4000 3800 EA Amersfoort');
    expect(text).toContain('Uiterlijk op 14 december 2026 moet uw bezwaar bij de gemeente zijn.');
    expect(() => letterContent({ ...input, grounds: [] })).toThrow(RangeError);
  });

  it('hearing invitation: day, time and place, the report, bringing a helper, and waiving', async () => {
    const input: LetterInput = {
      ...base(),
      kind: 'hearing-invitation',
      hearing: { at: '2026-12-08T09:00:00Z', place: 'Lange Nieuwstraat 51, kamer 2.14', attendees: ['Piet de Vries (klachtenfunctionaris)'] },
      replyBy: '2026-12-01',
    };
    const text = await expectFrame(input);
    expect(text).toContain('Datum en tijd: dinsdag 8 december 2026 om 10.00 uur');
    expect(text).toContain('Plaats: Lange Nieuwstraat 51, kamer 2.14');
    expect(text).toContain('Bij het gesprek zijn: Piet de Vries (klachtenfunctionaris)');
    expect(text).toContain('Wij maken een verslag van het gesprek.');
    expect(text).toContain('Laat ons uiterlijk op 1 december 2026 weten of u komt.');
    expect(text).toContain('U mag iemand meenemen die u helpt.');
    expect(text).toContain('Wilt u liever geen gesprek? Dat mag.');

    const toRespondent = letterText({ ...input, recipient: { name: 'J. Bakker', role: 'respondent' }, complainantName: 'mevrouw K. Smit' });
    expect(toRespondent).toContain('de klacht van mevrouw K. Smit');
    expect(toRespondent).not.toContain('Wilt u liever geen gesprek?');
  });

  it('hearing report: the date of the hearing, the report text and the date for corrections', async () => {
    const input: LetterInput = {
      ...base(),
      kind: 'hearing-report',
      hearing: { heldOn: '2026-12-08', place: 'Amersfoort' },
      report: 'Mevrouw Jansen vertelt dat de afspraak op 3 november niet doorging.\n\nDe medewerker zegt dat de afspraak niet in de agenda stond.',
      commentsBy: '2026-12-22',
    };
    const text = await expectFrame(input);
    expect(text).toContain('Op 8 december 2026 hebben wij met u gesproken over uw klacht (Amersfoort).');
    expect(text).toContain('Mevrouw Jansen vertelt dat de afspraak op 3 november niet doorging.');
    expect(text).toContain('De medewerker zegt dat de afspraak niet in de agenda stond.');
    expect(text).toContain('Laat het ons dan uiterlijk op 22 december 2026 weten.');
  });

  it('extension: how long, why, the old and the new date, and the once-only rule', async () => {
    const input: LetterInput = {
      ...base(),
      kind: 'extension',
      extension: { weeks: 4, reason: 'De medewerker is ziek en wij willen ook haar kant horen.', originalDue: '2027-01-14', newDue: '2027-02-11' },
    };
    const text = await expectFrame(input);
    expect(text).toContain('Wij hebben meer tijd nodig voor uw klacht');
    expect(text).toContain('De medewerker is ziek en wij willen ook haar kant horen.');
    expect(text).toContain('Wij verlengen de termijn met 4 weken.');
    expect(text).toContain('U zou ons oordeel uiterlijk op 14 januari 2027 krijgen. U krijgt het nu uiterlijk op 11 februari 2027.');
    expect(text).toContain('maar één keer verlengen');

    // The respondent hears the same dates (Awb 9:11), without the complainant's rights.
    const toRespondent = await expectFrame({ ...input, recipient: { name: 'J. Bakker', role: 'respondent' }, complainantName: 'mevrouw K. Smit' });
    expect(toRespondent).toContain('De behandeling van de klacht van mevrouw K. Smit duurt langer dan gepland.');
    expect(toRespondent).toContain('11 februari 2027');
    expect(toRespondent).not.toContain('maar één keer verlengen');
    expect(() => letterContent({ ...input, extension: { ...input.extension, weeks: 0 } })).toThrow(RangeError);
  });

  it('decision: outcome in words, motivation, every point, recommendations and the ombudsman', async () => {
    const input: LetterInput = {
      ...base(),
      kind: 'decision',
      decision: {
        outcome: 'partly-well-founded',
        motivation: 'Wij hebben met u en met de medewerker gesproken. De afspraak ging twee keer niet door.',
        points: [
          { description: 'De afspraak ging twee keer niet door', outcome: 'well-founded', explanation: 'Dat blijkt uit de agenda.' },
          { description: 'De medewerker was onvriendelijk', outcome: 'unfounded' },
          { description: 'Ik kreeg geen antwoord op mijn e-mail', outcome: 'resolved' },
        ],
        recommendations: ['Bevestig elke afspraak per brief of e-mail.'],
        nextStep: {
          name: 'Nationale ombudsman',
          addressLines: ['Postbus 93122', '2509 AC Den Haag'],
          website: 'https://www.nationaleombudsman.nl/klacht-indienen/uw-klacht',
          phone: '0800 33 55 555',
        },
      },
    };
    const text = await expectFrame(input);
    // A complaint gets a judgement (oordeel); a "besluit" is what one objects to, not what this letter is.
    expect(text).toContain('Onderwerp: Ons oordeel over uw klacht');
    expect(text).toContain('Bent u het niet eens met ons oordeel? Dan kunt u uw klacht voorleggen aan');
    expect(text).not.toMatch(/besluit/i);
    const respondentPdf = await expectFrame({ ...input, recipient: { name: 'J. Bakker', role: 'respondent' }, complainantName: 'mevrouw K. Smit' });
    expect(respondentPdf).toContain('Onderwerp: Ons oordeel over de klacht over uw werk');
    expect(respondentPdf).not.toMatch(/besluit/i);
    expect(text).toContain('De klacht is deels gegrond.');
    expect(text).toContain('Wij hebben met u en met de medewerker gesproken. De afspraak ging twee keer niet door.');
    expect(text).toContain('1. De afspraak ging twee keer niet door: gegrond. Dat blijkt uit de agenda.');
    expect(text).toContain('2. De medewerker was onvriendelijk: ongegrond.');
    expect(text).toContain('3. Ik kreeg geen antwoord op mijn e-mail: opgelost.');
    expect(text).toContain('Bevestig elke afspraak per brief of e-mail.');
    expect(text).toContain(
      'Dan kunt u uw klacht voorleggen aan: Nationale ombudsman Postbus 93122 2509 AC Den Haag Telefoon: 0800 33 55 555 Website: https://www.nationaleombudsman.nl/klacht-indienen/uw-klacht Dat kost u niets.',
    );

    for (const [outcome, words] of [
      ['well-founded', 'De klacht is gegrond.'],
      ['unfounded', 'De klacht is ongegrond.'],
      ['resolved', 'De klacht is opgelost.'],
      ['no-judgement', 'Wij geven geen oordeel over de klacht.'],
    ] as const) {
      expect(letterText({ ...input, decision: { ...input.decision, outcome } })).toContain(words);
    }

    // The respondent is told the findings too [004 §6.9], without the complainant's next step.
    const toRespondent = letterText({ ...input, recipient: { name: 'J. Bakker', role: 'respondent' }, complainantName: 'mevrouw K. Smit' });
    expect(toRespondent).toContain('Wij hebben de klacht van mevrouw K. Smit onderzocht.');
    expect(toRespondent).toContain('De klacht is deels gegrond.');
    expect(toRespondent).not.toContain('Nationale ombudsman');
  });

  it('withdrawal: the date of withdrawal, handling stops, reopening only on changed circumstances', async () => {
    const input: LetterInput = { ...base({ place: 'Utrecht' }), kind: 'withdrawal', withdrawnOn: '2026-11-21', receivedOn: '2026-10-30' };
    const text = await expectFrame(input);
    expect(text).toContain('Utrecht, 23 november 2026');
    expect(text).toContain('U heeft ons op 21 november 2026 laten weten dat u uw klacht intrekt.');
    expect(text).toContain('de klacht die wij ontvingen op 30 oktober 2026');
    expect(text).toContain('Wij stoppen met de behandeling van uw klacht.');
    expect(text).toContain('Dat kan alleen als er iets veranderd is.');
  });

  it('unreachable: since when, what we tried, and that the complaint is ended', async () => {
    const input: LetterInput = {
      ...base(),
      kind: 'unreachable',
      unreachableSince: '2026-09-15',
      attempts: ['Wij belden u op 1 oktober 2026.', 'Wij stuurden u een e-mail op 15 oktober 2026.'],
    };
    const text = await expectFrame(input);
    expect(text).toContain('Wij hebben sinds 15 september 2026 geen contact meer met u kunnen krijgen.');
    expect(text).toContain('Wij belden u op 1 oktober 2026.');
    expect(text).toContain('Wij stuurden u een e-mail op 15 oktober 2026.');
    expect(text).toContain('twee maanden');
    expect(text).toContain('Uw klacht is nu afgesloten.');
  });

  it('referral: why, where to, and by when', async () => {
    const input: LetterInput = {
      ...base({
        organisation: {
          name: 'Buurtteamorganisatie Sociaal Utrecht',
          street: 'Postbus 1234',
          postalCode: '3500 AA',
          city: 'Utrecht',
          email: 'klachten@buurtteamsutrecht.nl',
          phone: '030 123 45 67',
          website: 'https://buurtteamsutrecht.nl',
        },
      }),
      kind: 'referral',
      referral: {
        reason: 'Uw brief gaat over een besluit van de gemeente. Daartegen kunt u bezwaar maken.',
        to: { name: 'Gemeente Utrecht', addressLines: ['Postbus 16200', '3500 CE Utrecht'], website: 'https://www.utrecht.nl/bezwaar' },
        deadline: { date: '2026-12-30', meaning: 'moet uw bezwaar bij de gemeente zijn' },
      },
    };
    const text = await expectFrame(input);
    expect(text).toContain('Utrecht, 23 november 2026');
    expect(text).toContain('Gemeente Utrecht Postbus 16200 3500 CE Utrecht');
    expect(text).toContain('Uiterlijk op 30 december 2026 moet uw bezwaar bij de gemeente zijn.');
  });
});

describe('layout', () => {
  it('lets a long motivation flow over pages without losing text, with reference and page number on every page', async () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Bevinding ${i + 1}. ${'De medewerker heeft de afspraak niet vastgelegd en dat gaf verwarring. '.repeat(4).trim()}`);
    const input: LetterInput = {
      ...base(),
      kind: 'decision',
      decision: {
        outcome: 'unfounded',
        motivation: paragraphs.join('\n\n'),
        // An unbroken 'word' wider than the page must wrap, not run off the paper.
        points: Array.from({ length: 8 }, (_, i) => ({ description: `Onderdeel ${i + 1} ${'lang verhaal '.repeat(i * 4)}`.trim(), outcome: 'unfounded' as const })),
        recommendations: [`Zie https://example.org/${'a'.repeat(240)} voor de werkwijze.`],
        nextStep: { name: 'Nationale ombudsman', addressLines: ['Postbus 93122', '2509 AC Den Haag'] },
      },
    };
    const { text: raw, pages } = await pdfText(await renderLetterPdf(input));
    expect(pages.length).toBeGreaterThan(2);
    // Text extraction puts each page's footer where the page ends; take it out to read on.
    const text = raw.replace(/ Ons kenmerk \S+ \| Pagina \d+ van \d+ -- \d+ of \d+ --/g, '');
    for (const para of paragraphs) expect(text).toContain(para);
    for (let i = 1; i <= 8; i++) expect(text).toContain(`${i}. Onderdeel ${i}`);
    expect(text.replace(/ /g, '')).toContain(`https://example.org/${'a'.repeat(240)}`);
    for (const [i, page] of pages.entries()) expect(page).toContain(`Ons kenmerk ${input.reference} | Pagina ${i + 1} van ${pages.length}`);
    // Closing and signature stay together on the last page.
    expect(pages.at(-1)).toContain('Met vriendelijke groet, Piet de Vries Klachtenfunctionaris Stadsring51');
    expect(pages[0]).toContain('Stadsring51 Lange Nieuwstraat 51');
  });

  it('never leaves the greeting and signature alone on a page: the last part of the letter goes along, whatever its length', async () => {
    for (let n = 1; n <= 9; n++) {
      const motivation = Array.from({ length: n }, (_, i) => `Bevinding ${i + 1}. ${'Wij hebben het dossier en de agenda van de medewerker bekeken. '.repeat(3).trim()}`).join(
        '\n\n',
      );
      const input: LetterInput = { ...base(), kind: 'decision', decision: { outcome: 'unfounded', motivation } };
      const { pages } = await pdfText(await renderLetterPdf(input));
      const last = pages.at(-1)!.replace(/Ons kenmerk \S+ \| Pagina \d+ van \d+/, '');
      const beforeClosing = last.slice(0, last.indexOf('Met vriendelijke groet')).trim();
      expect(beforeClosing.length, `${n} paragraphs, ${pages.length} pages: ${last}`).toBeGreaterThan(40);
    }
  });

  it('prints names with letters beyond Latin-1 as they are written, and renders without a handler or address', async () => {
    const input: LetterInput = {
      ...base({ handler: undefined, organisation: { name: 'Ondersteuningsteam', city: 'Helmond' } }),
      recipient: { name: 'Łukasz Wiśniewski' },
      kind: 'withdrawal',
      withdrawnOn: '2026-11-20',
    };
    const { text } = await pdfText(await renderLetterPdf(input));
    expect(text).toContain('Łukasz Wiśniewski');
    expect(text).toContain('Helmond, 23 november 2026');
    expect(text).toContain('Heeft u vragen? Neem dan contact met ons op.');
    expect(text).toContain('Met vriendelijke groet, Ondersteuningsteam');
  });
});
