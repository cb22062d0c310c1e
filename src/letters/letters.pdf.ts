// A letter as an A4 PDF: letterhead, recipient in the window-envelope spot,
// place and date, reference, subject, body, closing and signature, and a footer
// with reference and page number on every page.
import type PDFKit from 'pdfkit';
import { dutchDate, pdfSafe } from './dutch.ts';
import { letterContent } from './letters.content.ts';
import type { LetterBlock, LetterInput } from './letters.types.ts';

const MARGIN = { top: 50, bottom: 80, left: 70, right: 60 };
const BODY_SIZE = 10.5;
const LINE_GAP = 2;
const FOOTER_SIZE = 8;
const LIST_INDENT = 22;

type Doc = InstanceType<typeof PDFKit>;

/** Adds a page when less than `height` is left, so headings and signatures are not cut off from what follows. */
function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function lineHeight(doc: Doc): number {
  return doc.currentLineHeight(true) + LINE_GAP;
}

function renderBlock(doc: Doc, block: LetterBlock, left: number, width: number): void {
  switch (block.type) {
    case 'heading':
      keepTogether(doc, lineHeight(doc) * 4);
      doc.moveDown(0.4).font('Helvetica-Bold').text(pdfSafe(block.text), left, doc.y, { width }).font('Helvetica').moveDown(0.2);
      return;
    case 'paragraph':
      doc.text(pdfSafe(block.text), left, doc.y, { width, lineGap: LINE_GAP }).moveDown(0.6);
      return;
    case 'list':
      for (const [i, item] of block.items.entries()) {
        // Start a new page before the bullet rather than leave it alone at the bottom.
        keepTogether(doc, lineHeight(doc));
        const y = doc.y;
        doc.text(block.ordered ? `${i + 1}.` : '•', left + 4, y, { lineBreak: false });
        doc.text(pdfSafe(item), left + LIST_INDENT, y, { width: width - LIST_INDENT, lineGap: LINE_GAP }).moveDown(0.3);
      }
      doc.moveDown(0.3);
      return;
    case 'contact': {
      keepTogether(doc, lineHeight(doc) * Math.min(block.lines.length, 6));
      const [first, ...rest] = block.lines.map(pdfSafe);
      doc.font('Helvetica-Bold').text(first ?? '', left + 18, doc.y, { width: width - 18 }).font('Helvetica');
      for (const line of rest) doc.text(line, left + 18, doc.y, { width: width - 18 });
      doc.moveDown(0.6);
      return;
    }
  }
}

/** The letter as a PDF file. */
export async function renderLetterPdf(input: LetterInput): Promise<Buffer> {
  const content = letterContent(input);
  const org = input.organisation;
  // pdfkit is loaded on the first letter, not at start (it is large; memory at start stays low).
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    lang: 'nl-NL',
    displayTitle: true,
    info: {
      Title: pdfSafe(content.subject),
      Author: pdfSafe(org.name),
      Subject: pdfSafe(`Kenmerk ${input.reference}`),
      // The letter's own date, so rendering the same letter twice gives the same metadata.
      CreationDate: new Date(`${input.date}T12:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = MARGIN.left;
  const width = doc.page.width - MARGIN.left - MARGIN.right;

  // Letterhead, right-aligned: the sender.
  const headX = doc.page.width - MARGIN.right - 220;
  doc.font('Helvetica-Bold').fontSize(12).text(pdfSafe(org.name), headX, MARGIN.top, { width: 220, align: 'right' });
  const senderLines = [
    org.street,
    [org.postalCode, org.city].filter(Boolean).join('  '),
    org.phone ? `Telefoon ${org.phone}` : '',
    org.email ?? '',
    org.website ?? '',
  ].filter((l): l is string => !!l && l.trim() !== '');
  doc.font('Helvetica').fontSize(9);
  for (const line of senderLines) doc.text(pdfSafe(line), headX, doc.y, { width: 220, align: 'right' });
  const headBottom = doc.y;

  // Recipient where a window envelope shows it (about 45 mm from the top).
  const recipientTop = Math.max(135, headBottom + 20);
  doc.fontSize(BODY_SIZE).text(pdfSafe(input.recipient.name), left, recipientTop, { width: 250 });
  for (const line of input.recipient.addressLines ?? []) doc.text(pdfSafe(line), left, doc.y, { width: 250 });

  // Place, date, reference, subject.
  const place = input.place ?? org.city ?? '';
  doc.text(pdfSafe(place ? `${place}, ${dutchDate(input.date)}` : dutchDate(input.date)), left, Math.max(250, doc.y + 30), { width });
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').text('Ons kenmerk: ', left, doc.y, { continued: true }).font('Helvetica').text(pdfSafe(input.reference));
  doc.font('Helvetica-Bold').text('Onderwerp: ', left, doc.y, { continued: true, width }).font('Helvetica').text(pdfSafe(content.subject));
  doc.moveDown(1.5);

  doc.text(pdfSafe(content.salutation), left, doc.y, { width }).moveDown(0.8);
  for (const block of content.blocks) renderBlock(doc, block, left, width);

  keepTogether(doc, lineHeight(doc) * (content.signature.length + 4));
  doc.moveDown(0.4).text(content.closing, left, doc.y, { width }).moveDown(2);
  const [signer, ...restSig] = content.signature.map(pdfSafe);
  doc.font('Helvetica-Bold').text(signer ?? '', left, doc.y, { width }).font('Helvetica');
  for (const line of restSig) doc.text(line, left, doc.y, { width });

  // Footer on every page; bottom margin off while writing in it, or pdfkit would add a page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(FOOTER_SIZE)
      .fillColor('#555555')
      .text(pdfSafe(`Ons kenmerk ${input.reference}  |  Pagina ${i + 1} van ${range.count}`), left, doc.page.height - 50, {
        width,
        align: 'center',
        lineBreak: false,
      })
      .fillColor('black');
    doc.page.margins.bottom = bottom;
  }

  doc.end();
  return done;
}
