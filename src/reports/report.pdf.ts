import type { Cell, CountTable, Report } from '../domain/index.ts';

const MARGIN = 56;
const BAR_MAX = 220;

const show = (c: Cell | null) => (c === null ? '' : c.suppressed ? '*' : String(c.value));

/**
 * The report as a PDF: every table with a horizontal bar per row (a chart a
 * reader takes in at a glance), suppressed cells as '*' with the footnote.
 * Only what the anonymised report holds can appear: it has no names or text.
 */
export async function renderReportPdf(report: Report, title: string): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Producer: 'Klachtwijzer' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Helvetica-Bold').fontSize(18).text(title);
  doc.font('Helvetica').fontSize(10).fillColor('#333').text(`Periode ${report.period.from} t/m ${report.period.to} · opgesteld op ${report.madeOn}`);
  doc.moveDown(0.5).text(`Aantallen van 1 tot en met ${report.minimumCount - 1} worden niet getoond (*), ook niet als ze uit andere cijfers af te leiden zijn. Het verslag bevat geen namen, adressen of andere persoonsgegevens.`);
  doc.fillColor('black');

  const table = (t: CountTable) => {
    if (doc.y > 700) doc.addPage();
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(t.title);
    doc.font('Helvetica').fontSize(10);
    const max = Math.max(1, ...t.rows.map((r) => r.count.value ?? 0));
    for (const r of t.rows) {
      if (doc.y > 760) doc.addPage();
      const y = doc.y;
      doc.text(r.label, MARGIN, y, { width: 190 });
      const w = r.count.value ? (r.count.value / max) * BAR_MAX : 0;
      if (w > 0) doc.rect(MARGIN + 200, y + 1, w, 9).fill('#1f5f8b').fillColor('black');
      doc.text(show(r.count), MARGIN + 200 + BAR_MAX + 8, y, { width: 60 });
      doc.x = MARGIN;
      doc.y = Math.max(doc.y, y + 14);
    }
    if (t.total) doc.font('Helvetica-Bold').text(`${t.totalLabel}: ${show(t.total)}`, MARGIN).font('Helvetica');
  };

  table(report.totals);
  table(report.byLevel);
  table(report.byOutcome);
  table(report.byCategory);

  if (doc.y > 650) doc.addPage();
  doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text('Doorlooptijden (kalenderdagen van ontvangst tot afronding)');
  doc.font('Helvetica').fontSize(10);
  for (const l of report.leadTimes) {
    doc.text(`${l.label}: afgerond ${show(l.closed)}, mediaan ${show(l.medianDays)}, 90e percentiel ${show(l.p90Days)}`);
  }
  doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text('Termijnen gehaald');
  doc.font('Helvetica').fontSize(10);
  for (const d of report.deadlines) {
    doc.text(`${d.label}: gehaald ${show(d.met)}, niet gehaald ${show(d.missed)}, lopend ${show(d.open)}${d.percentMet.value === null ? '' : ` (${d.percentMet.value}% gehaald)`}`);
  }
  doc.moveDown(1).text(`Aanbevelingen: ${show(report.recommendations)}`);
  table(report.measures);
  doc.text(`Maatregelen over de streefdatum: ${show(report.measures.overdue)}`);
  if (report.byOrganisation) {
    if (doc.y > 600) doc.addPage();
    doc.moveDown(1).font('Helvetica-Bold').fontSize(12).text(report.byOrganisation.title);
    doc.font('Helvetica').fontSize(9);
    for (const row of report.byOrganisation.rows) {
      doc.text(`${row.label}: ${report.byOrganisation.columns.map((c, i) => `${c.label} ${show(row.counts[i] ?? null)}`).join(' · ')} · totaal ${show(row.total)}`);
    }
  }
  doc.moveDown(1).fontSize(8).fillColor('#555').text(`* niet getoond: minder dan ${report.minimumCount}, of af te leiden uit andere cijfers.`);
  doc.end();
  return done;
}
