import type { Cell, CountTable, Report } from '../domain/index.ts';
import { archivalPdf, artifact, FONT, tagged } from '../letters/pdf.ts';

const MARGIN = 56;
const BAR_MAX = 220;

const show = (c: Cell | null) => (c === null ? '' : c.suppressed ? '*' : String(c.value));

/**
 * The report as a PDF: every table with a horizontal bar per row (a chart a
 * reader takes in at a glance), suppressed cells as '*' with the footnote.
 * Only what the anonymised report holds can appear: it has no names or text.
 */
export async function renderReportPdf(report: Report, title: string): Promise<Buffer> {
  const { doc, root, finish } = await archivalPdf({ title, author: 'Klachtwijzer', lang: 'nl-NL', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } });
  const h1 = (text: string) => tagged(doc, root, 'H1', () => doc.font(FONT.bold).fontSize(18).text(text));
  const h2 = (text: string) => tagged(doc, root, 'H2', () => doc.font(FONT.bold).fontSize(12).text(text));
  const p = (text: string, x?: number) => tagged(doc, root, 'P', () => doc.text(text, x));

  h1(title);
  doc.font(FONT.regular).fontSize(10).fillColor('#333');
  p(`Periode ${report.period.from} t/m ${report.period.to} · opgesteld op ${report.madeOn}`);
  doc.moveDown(0.5);
  p(
    `Aantallen van 1 tot en met ${report.minimumCount - 1} worden niet getoond (*), ook niet als ze uit andere cijfers af te leiden zijn. Het verslag bevat geen namen, adressen of andere persoonsgegevens.`,
  );
  doc.fillColor('black');

  const table = (t: CountTable) => {
    if (doc.y > 700) doc.addPage();
    doc.moveDown(1);
    h2(t.title);
    doc.font(FONT.regular).fontSize(10);
    const max = Math.max(1, ...t.rows.map((r) => r.count.value ?? 0));
    for (const r of t.rows) {
      if (doc.y > 760) doc.addPage();
      const y = doc.y;
      // Read as "label: count"; the bar is a picture of the same number, outside the reading order.
      tagged(doc, root, 'P', () => {
        doc.text(r.label, MARGIN, y, { width: 190 });
        doc.text(show(r.count), MARGIN + 200 + BAR_MAX + 8, y, { width: 60 });
      });
      const w = r.count.value ? (r.count.value / max) * BAR_MAX : 0;
      if (w > 0)
        artifact(doc, () =>
          doc
            .rect(MARGIN + 200, y + 1, w, 9)
            .fill('#1f5f8b')
            .fillColor('black'),
        );
      doc.x = MARGIN;
      doc.y = Math.max(doc.y, y + 14);
    }
    if (t.total)
      tagged(doc, root, 'P', () =>
        doc
          .font(FONT.bold)
          .text(`${t.totalLabel}: ${show(t.total)}`, MARGIN)
          .font(FONT.regular),
      );
  };

  table(report.totals);
  table(report.byLevel);
  table(report.byOutcome);
  table(report.byCategory);

  if (doc.y > 650) doc.addPage();
  doc.moveDown(1);
  h2('Doorlooptijden (kalenderdagen van ontvangst tot afronding)');
  doc.font(FONT.regular).fontSize(10);
  for (const l of report.leadTimes) p(`${l.label}: afgerond ${show(l.closed)}, mediaan ${show(l.medianDays)}, 90e percentiel ${show(l.p90Days)}`);
  doc.moveDown(1);
  h2('Termijnen gehaald');
  doc.font(FONT.regular).fontSize(10);
  for (const d of report.deadlines) {
    p(`${d.label}: gehaald ${show(d.met)}, niet gehaald ${show(d.missed)}, lopend ${show(d.open)}${d.percentMet.value === null ? '' : ` (${d.percentMet.value}% gehaald)`}`);
  }
  doc.moveDown(1);
  p(`Aanbevelingen: ${show(report.recommendations)}`);
  table(report.measures);
  p(`Maatregelen over de streefdatum: ${show(report.measures.overdue)}`);
  if (report.confidants) {
    p(`Klagers gesteund door een vertrouwenspersoon: ${show(report.confidants.supported)}`);
    p(`Aanbevelingen van vertrouwenspersonen: ${show(report.confidants.recommendations)}`);
  }
  if (report.referrals?.rows.length) table(report.referrals);
  if (report.byOrganisation) {
    if (doc.y > 600) doc.addPage();
    doc.moveDown(1);
    h2(report.byOrganisation.title);
    doc.font(FONT.regular).fontSize(9);
    for (const row of report.byOrganisation.rows) {
      p(`${row.label}: ${report.byOrganisation.columns.map((c, i) => `${c.label} ${show(row.counts[i] ?? null)}`).join(' · ')} · totaal ${show(row.total)}`);
    }
  }
  doc.moveDown(1).fontSize(8).fillColor('#555');
  p(`* niet getoond: minder dan ${report.minimumCount}, of af te leiden uit andere cijfers.`);
  return finish();
}
