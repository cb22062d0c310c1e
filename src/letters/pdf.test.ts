import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildReport, reportPeriod } from '../domain/reports.ts';
import { renderReportPdf } from '../reports/report.pdf.ts';
import { renderLetterPdf } from './letters.pdf.ts';

// Letters and reports that are kept must be archivable (PDF/A-2b: every font
// embedded, an output intent, XMP metadata that identifies the part and
// conformance) and tagged for accessibility (a structure tree with headings,
// the document language, the title shown). These checks read the file itself.

/** The PDF as text, with every Flate-compressed stream inflated, so dictionaries and the XMP packet can be read. */
function readable(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let out = raw;
  for (const m of raw.matchAll(/\/FlateDecode[\s\S]*?stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      out += `\n${inflateSync(pdf.subarray(start, end)).toString('latin1')}`;
    } catch {
      // a stream that is not deflate (font program, ICC profile): not needed here
    }
  }
  return out;
}

function expectArchivalAndTagged(pdf: Buffer, title: string) {
  const text = readable(pdf);
  expect(pdf.subarray(0, 8).toString()).toBe('%PDF-1.7');
  // PDF/A identification in the XMP metadata.
  expect(text).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
  expect(text).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
  expect(text).toContain(title);
  expect(text).toMatch(/\/OutputIntents/);
  expect(text).toMatch(/\/S \/GTS_PDFA1/);
  // Every font is embedded: no standard-14 font without a font program.
  const fonts = [...text.matchAll(/\/Type \/FontDescriptor[\s\S]*?>>/g)].map((m) => m[0]);
  expect(fonts.length).toBeGreaterThanOrEqual(1);
  for (const f of fonts) expect(f).toMatch(/\/FontFile2/);
  expect(text).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
  // Tagged: marked, a structure tree with headings, the language and the title shown.
  expect(text).toMatch(/\/Marked true/);
  expect(text).toMatch(/\/StructTreeRoot/);
  expect(text).toMatch(/\/S \/H1/);
  expect(text).toMatch(/\/Lang \(nl-NL\)/);
  expect(text).toMatch(/\/DisplayDocTitle true/);
}

describe('archivable, tagged PDFs (PDF/A-2b; PDF/UA: title, language, headings)', () => {
  it('a letter is PDF/A-2b with its fonts embedded, tagged with headings, in Dutch, its subject as title', async () => {
    const pdf = await renderLetterPdf({
      kind: 'acknowledgement',
      organisation: { name: 'Stadsring51', street: 'Lange Nieuwstraat 51', postalCode: '3811 AB', city: 'Amersfoort', email: 'klachten@stadsring51.nl', phone: '033 123 45 67' },
      recipient: { name: 'mevrouw A. Jansen', addressLines: ['Kortestraat 4', '3811 AC Amersfoort'] },
      reference: 'SR51-2026-0042',
      date: '2026-11-23',
      handler: { name: 'Piet de Vries', role: 'Klachtenfunctionaris' },
      receivedOn: '2026-11-20',
    });
    expectArchivalAndTagged(pdf, 'Wij hebben uw klacht ontvangen');
    // The page footer is an artifact, outside the reading order.
    expect(readable(pdf)).toMatch(/\/Artifact <<\s*\/Type \/Pagination/);
  });

  it('a report is PDF/A-2b and tagged too', async () => {
    const report = buildReport({ period: reportPeriod(2026), cases: [], measures: [], today: '2026-12-02' });
    const pdf = await renderReportPdf(report, 'Jaarverslag klachten 2026');
    expectArchivalAndTagged(pdf, 'Jaarverslag klachten 2026');
  });
});
