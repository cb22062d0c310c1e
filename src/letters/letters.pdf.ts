// A letter as an A4 PDF: letterhead, recipient in the window-envelope spot,
// place and date, reference, subject, body, closing and signature, and a footer
// with reference and page number on every page.
import { dutchDate, pdfSafe } from './dutch.ts';
import { letterContent } from './letters.content.ts';
import type { LetterBlock, LetterInput } from './letters.types.ts';
import { archivalPdf, artifact, FONT, tagged, type Doc, type Struct } from './pdf.ts';

const MARGIN = { top: 50, bottom: 80, left: 70, right: 60 };
const BODY_SIZE = 10.5;
const LINE_GAP = 2;
const FOOTER_SIZE = 8;
const LIST_INDENT = 22;

/** Adds a page when less than `height` is left, so headings and signatures are not cut off from what follows. */
function keepTogether(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function lineHeight(doc: Doc): number {
  return doc.currentLineHeight(true) + LINE_GAP;
}

/** The height a block takes at `width`, to keep the closing together with what precedes it. */
function blockHeight(doc: Doc, block: LetterBlock, width: number): number {
  const h = (text: string, w = width) => doc.heightOfString(pdfSafe(text), { width: w, lineGap: LINE_GAP });
  switch (block.type) {
    case 'heading':
      return lineHeight(doc) * 2;
    case 'paragraph':
      return h(block.text) + lineHeight(doc) * 0.6;
    case 'list':
      return block.items.reduce((sum, item) => sum + h(item, width - LIST_INDENT) + lineHeight(doc) * 0.3, 0);
    case 'contact':
      return lineHeight(doc) * (block.lines.length + 1);
  }
}

function renderBlock(doc: Doc, root: Struct, block: LetterBlock, left: number, width: number): void {
  switch (block.type) {
    case 'heading':
      keepTogether(doc, lineHeight(doc) * 4);
      doc.moveDown(0.4);
      tagged(doc, root, 'H2', () => doc.font(FONT.bold).text(pdfSafe(block.text), left, doc.y, { width }).font(FONT.regular));
      doc.moveDown(0.2);
      return;
    case 'paragraph':
      tagged(doc, root, 'P', () => doc.text(pdfSafe(block.text), left, doc.y, { width, lineGap: LINE_GAP }));
      doc.moveDown(0.6);
      return;
    case 'list': {
      const list = doc.struct('L');
      root.add(list);
      for (const [i, item] of block.items.entries()) {
        // Start a new page before the bullet rather than leave it alone at the bottom.
        keepTogether(doc, lineHeight(doc));
        const y = doc.y;
        const li = doc.struct('LI');
        list.add(li);
        li.add(doc.struct('Lbl', {}, () => doc.text(block.ordered ? `${i + 1}.` : '•', left + 4, y, { lineBreak: false })));
        li.add(doc.struct('LBody', {}, () => doc.text(pdfSafe(item), left + LIST_INDENT, y, { width: width - LIST_INDENT, lineGap: LINE_GAP })));
        li.end();
        doc.moveDown(0.3);
      }
      list.end();
      doc.moveDown(0.3);
      return;
    }
    case 'contact': {
      keepTogether(doc, lineHeight(doc) * Math.min(block.lines.length, 6));
      const [first, ...rest] = block.lines.map(pdfSafe);
      tagged(doc, root, 'P', () => {
        doc
          .font(FONT.bold)
          .text(first ?? '', left + 18, doc.y, { width: width - 18 })
          .font(FONT.regular);
        for (const line of rest) doc.text(line, left + 18, doc.y, { width: width - 18 });
      });
      doc.moveDown(0.6);
      return;
    }
  }
}

/** The letter as a PDF file: PDF/A-2b, tagged, fonts embedded. */
export async function renderLetterPdf(input: LetterInput): Promise<Buffer> {
  const content = letterContent(input);
  const org = input.organisation;
  const { doc, root, finish } = await archivalPdf({
    title: pdfSafe(content.subject),
    author: pdfSafe(org.name),
    subject: pdfSafe(`Kenmerk ${input.reference}`),
    lang: 'nl-NL',
    // The letter's own date, so rendering the same letter twice gives the same metadata.
    creationDate: new Date(`${input.date}T12:00:00Z`),
    margins: MARGIN,
    bufferPages: true,
  });

  const left = MARGIN.left;
  const width = doc.page.width - MARGIN.left - MARGIN.right;

  // Letterhead, right-aligned: the sender.
  const headX = doc.page.width - MARGIN.right - 220;
  const senderLines = [org.street, [org.postalCode, org.city].filter(Boolean).join('  '), org.phone ? `Telefoon ${org.phone}` : '', org.email ?? '', org.website ?? ''].filter(
    (l): l is string => !!l && l.trim() !== '',
  );
  tagged(doc, root, 'P', () => {
    doc.font(FONT.bold).fontSize(12).text(pdfSafe(org.name), headX, MARGIN.top, { width: 220, align: 'right' });
    doc.font(FONT.regular).fontSize(9);
    for (const line of senderLines) doc.text(pdfSafe(line), headX, doc.y, { width: 220, align: 'right' });
  });
  const headBottom = doc.y;

  // Recipient where a window envelope shows it (about 45 mm from the top).
  const recipientTop = Math.max(135, headBottom + 20);
  tagged(doc, root, 'P', () => {
    doc.fontSize(BODY_SIZE).text(pdfSafe(input.recipient.name), left, recipientTop, { width: 250 });
    for (const line of input.recipient.addressLines ?? []) doc.text(pdfSafe(line), left, doc.y, { width: 250 });
  });

  // Place, date, reference, subject.
  const place = input.place ?? org.city ?? '';
  tagged(doc, root, 'P', () => doc.text(pdfSafe(place ? `${place}, ${dutchDate(input.date)}` : dutchDate(input.date)), left, Math.max(250, doc.y + 30), { width }));
  doc.moveDown(0.8);
  tagged(doc, root, 'P', () => doc.font(FONT.bold).text('Ons kenmerk: ', left, doc.y, { continued: true }).font(FONT.regular).text(pdfSafe(input.reference)));
  tagged(doc, root, 'H1', () => doc.font(FONT.bold).text('Onderwerp: ', left, doc.y, { continued: true, width }).font(FONT.regular).text(pdfSafe(content.subject)));
  doc.moveDown(1.5);

  tagged(doc, root, 'P', () => doc.text(pdfSafe(content.salutation), left, doc.y, { width }));
  doc.moveDown(0.8);
  // The closing and signature never stand alone on a page: the last block goes along with them.
  const closingHeight = lineHeight(doc) * (content.signature.length + 4);
  // What must stand on one page with the start of block i: a heading with what it heads, a
  // lead-in ("…voorleggen aan:") with what it introduces, the last block with the closing.
  const blocks = content.blocks;
  const keepHeight = (i: number): number => {
    const block = blocks[i]!;
    const own = blockHeight(doc, block, width);
    const next = blocks[i + 1];
    if (!next) return block.type === 'list' ? Math.min(own, lineHeight(doc) * 2) : own + closingHeight;
    if (block.type === 'heading') return own + keepHeight(i + 1);
    if (block.type === 'paragraph' && block.text.trimEnd().endsWith(':')) return own + Math.min(blockHeight(doc, next, width), lineHeight(doc) * 6);
    return Math.min(own, lineHeight(doc) * 3);
  };
  for (const [i, block] of blocks.entries()) {
    keepTogether(doc, keepHeight(i));
    renderBlock(doc, root, block, left, width);
  }

  keepTogether(doc, closingHeight);
  doc.moveDown(0.4);
  tagged(doc, root, 'P', () => doc.text(content.closing, left, doc.y, { width }));
  doc.moveDown(2);
  const [signer, ...restSig] = content.signature.map(pdfSafe);
  tagged(doc, root, 'P', () => {
    doc
      .font(FONT.bold)
      .text(signer ?? '', left, doc.y, { width })
      .font(FONT.regular);
    for (const line of restSig) doc.text(line, left, doc.y, { width });
  });

  // Footer on every page, outside the reading order; bottom margin off while writing in it, or pdfkit would add a page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    artifact(
      doc,
      () => {
        doc
          .font(FONT.regular)
          .fontSize(FOOTER_SIZE)
          .fillColor('#555555')
          .text(pdfSafe(`Ons kenmerk ${input.reference}  |  Pagina ${i + 1} van ${range.count}`), left, doc.page.height - 50, {
            width,
            align: 'center',
            lineBreak: false,
          })
          .fillColor('black');
      },
      'Pagination',
    );
    doc.page.margins.bottom = bottom;
  }

  return finish();
}
