/**
 * The checker (src/domain/check.ts, the schema's refinements, zod) speaks
 * English: the command line and the API share it. The editor shows the known
 * messages in Dutch; a message not in this table is shown as it came, so a new
 * rule of the checker is never hidden.
 */
const TABLE: [RegExp, (m: RegExpMatchArray) => string][] = [
  [
    /^decision term of level "(.+)" is beyond (\w+)'s 6 weeks \((.+)\)$/,
    (m) => `De termijn voor het oordeel op niveau "${m[1]}" is langer dan de 6 weken van de ${m[2]} (${m[3]}).`,
  ],
  [/^extension of (\d+) weeks is beyond (\w+)'s 4 weeks \((.+)\)$/, (m) => `Een verlenging van ${m[1]} weken is langer dan de 4 weken van de ${m[2]} (${m[3]}).`],
  [
    /^level "(.+)" can take (\d+) weeks, beyond (\w+)'s 6 \+ 4 weeks \((.+)\)$/,
    (m) => `Niveau "${m[1]}" kan ${m[2]} weken duren, langer dan de 6 + 4 weken van de ${m[3]} (${m[4]}).`,
  ],
  [/^an extension must be announced to the complainant in writing \((.+)\)$/, (m) => `Een verlenging moet schriftelijk aan de klager worden gemeld (${m[1]}).`],
  [/^an Awb term is a statutory term: the Algemene termijnenwet applies \((.+)\)$/, (m) => `Een Awb-termijn is een wettelijke termijn: de Algemene termijnenwet geldt (${m[1]}).`],
  [/^level "(.+)" must hear the complainant and the respondent \((.+)\)$/, (m) => `Op niveau "${m[1]}" moeten klager en beklaagde worden gehoord (${m[2]}).`],
  [/^a report of the hearing is mandatory \((.+)\)$/, (m) => `Een verslag van het horen is verplicht (${m[1]}).`],
  [/^an extension is announced to the respondent as well \((.+)\)$/, (m) => `Een verlenging wordt ook aan de beklaagde gemeld (${m[1]}).`],
  [
    /^the complainant must be told within 4 weeks when a complaint is not handled \((.+)\)$/,
    (m) => `De klager moet binnen 4 weken horen dat een klacht niet wordt behandeld (${m[1]}).`,
  ],
  [/^the notice of not handling a complaint is beyond 4 weeks \((.+)\)$/, (m) => `Het bericht dat een klacht niet wordt behandeld komt later dan na 4 weken (${m[1]}).`],
  [/^a municipality names an ombudsman as the second line \((.+)\)$/, (m) => `Een gemeente noemt een ombudsman als tweede lijn (${m[1]}).`],
  [
    /^a Wkkgz provider must give access to an independent committee or dispute body \((.+)\)$/,
    (m) => `Een Wkkgz-aanbieder geeft toegang tot een onafhankelijke commissie of geschilleninstantie (${m[1]}).`,
  ],
  [
    /^a youth-care provider must have an independent complaints committee with an external chair \((.+)\)$/,
    (m) => `Een jeugdhulpaanbieder heeft een onafhankelijke klachtencommissie met een externe voorzitter (${m[1]}).`,
  ],
  [
    /^no level sets a decision term; (\w+) requires a decision within 6 weeks of receipt \((.+)\)$/,
    (m) => `Geen niveau heeft een termijn voor het oordeel; de ${m[1]} eist een oordeel binnen 6 weken na ontvangst (${m[2]}).`,
  ],
  [
    /^the objection term is 6 weeks \((.+)\); a shorter one misinforms the complainant$/,
    (m) => `De bezwaartermijn is 6 weken (${m[1]}); een kortere termijn informeert de klager verkeerd.`,
  ],
  [/^a level term cannot run from a decision date$/, () => 'Een termijn van een niveau kan niet vanaf de datum van een besluit lopen.'],
  [/^a term needs a length and unit, or asSoonAsPossible$/, () => 'Een termijn heeft een lengte en eenheid nodig, of "zo spoedig mogelijk".'],
  [/^length and unit go together$/, () => 'Lengte en eenheid horen bij elkaar: vul beide in.'],
  [/^an allowed extension needs its maximum$/, () => 'Een toegestane verlenging heeft een maximum nodig.'],
  [/^an extension extends the decision term, which this level lacks$/, () => 'Een verlenging verlengt de termijn voor het oordeel, maar dit niveau heeft die niet.'],
  [/^skip grounds only matter when hearing is required$/, () => 'Gronden om af te zien van horen gelden alleen als horen verplicht is.'],
  [/^a term cannot run from the event that meets it$/, () => 'Een termijn kan niet lopen vanaf de stap waarmee hij wordt gehaald.'],
  [/^write an intro or a closing$/, () => 'Schrijf een begin of een slot, of haal de eigen tekst weg.'],
  [/^only a decision letter has parts$/, () => 'Alleen de brief met het oordeel heeft onderdelen.'],
  [/^the complainant always reads the motivation \((.+)\)$/, (m) => `De klager leest altijd de motivering (${m[1]}).`],
  [/^Too big: expected string to have <=?(\d+) characters?$/i, (m) => `Mag hoogstens ${m[1]} tekens lang zijn.`],
  [/^the objection term runs from the decision date$/, () => 'De bezwaartermijn loopt vanaf de datum van het besluit.'],
  [/^at least one level must accept new cases \(entry: true\)$/, () => 'Minstens één niveau moet nieuwe zaken aannemen (instapniveau).'],
  [/^anonymous reports become signals, but the regulation accepts no kind "signal"$/, () => 'Anonieme meldingen worden signalen, maar de regeling neemt geen signalen aan.'],
  [/^no contact with id "(.*)"$/, (m) => `Er is geen contact met kenmerk "${m[1]}".`],
  [/^no level with id "(.*)"$/, (m) => `Er is geen niveau met kenmerk "${m[1]}".`],
  [/^"(.*)" is not higher in the ladder than "(.*)"$/, (m) => `"${m[1]}" staat niet hoger op de ladder dan "${m[2]}".`],
  [/^the regulation does not accept kind "(.*)"$/, (m) => `De regeling neemt de soort "${m[1]}" niet aan.`],
  [/^duplicate level id "(.*)"$/, (m) => `Het kenmerk "${m[1]}" staat bij meer dan één niveau.`],
  [/^duplicate (\w+) "(.*)"$/, (m) => `"${m[2]}" staat er twee keer in.`],
  [/^use lower-case kebab-case$/, () => 'Gebruik kleine letters, cijfers en streepjes.'],
  [/^expected a date YYYY-MM-DD$/, () => 'Vul een datum in.'],
  [/^expected MM-DD, a day every year has$/, () => 'Vul dag en maand in als MM-DD (geen 29 februari).'],
  [/^Too small: expected string to have >=?(\d+) characters?$/i, (m) => (m[1] === '1' ? 'Dit veld is verplicht.' : `Moet minimaal ${m[1]} tekens lang zijn.`)],
  [/^Too small: expected number to be >0$/i, () => 'Vul een getal groter dan 0 in.'],
  [/^Too small: expected array to have >=?1 items?$/i, () => 'Kies er minstens één.'],
  [/^Invalid input: expected \w+, received undefined$/i, () => 'Dit veld is verplicht.'],
  [/^Invalid input: expected int, received number$/i, () => 'Vul een heel getal in.'],
  [/^Invalid option: expected one of/i, () => 'Kies een van de mogelijkheden.'],
  [/^Invalid (email|URL)/i, (m) => (m[1]?.toLowerCase() === 'email' ? 'Vul een geldig e-mailadres in.' : 'Vul een geldig webadres in, beginnend met https://.')],
];

export function findingInDutch(message: string): string {
  for (const [pattern, render] of TABLE) {
    const match = message.match(pattern);
    if (match) return render(match);
  }
  return message;
}
