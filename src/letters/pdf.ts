// One way to start a PDF for letters and reports: archivable (PDF/A-2b: fonts
// embedded, an sRGB output intent, XMP metadata) and tagged for accessibility
// (structure tree, document language, title shown in the window), so a letter
// kept in the dossier or a zaaksysteem stays readable and a screen reader reads
// it in order. Helvetica and the other standard 14 fonts cannot be embedded, so
// the text is set in Noto Sans (OFL), shipped as an npm package.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type PDFKit from 'pdfkit';

export type Doc = InstanceType<typeof PDFKit>;
export type Struct = PDFKit.PDFStructureElement;

/** Font names to pass to `doc.font()`: both are embedded (as subsets). */
export const FONT = { regular: 'Body', bold: 'Bold' } as const;

const require = createRequire(import.meta.url);
let fonts: Promise<{ regular: Buffer; bold: Buffer }> | undefined;

/** The font files, read once on the first PDF (not at start). */
function loadFonts() {
  fonts ??= Promise.all([
    readFile(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf')),
    readFile(require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf')),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return fonts;
}

export interface ArchivalPdf {
  doc: Doc;
  /** The root of the structure tree: add headings, paragraphs and lists to it in reading order. */
  root: Struct;
  /** Ends the document and resolves to its bytes. */
  finish(): Promise<Buffer>;
}

export async function archivalPdf(opts: {
  title: string;
  author: string;
  subject?: string;
  /** BCP 47, e.g. nl-NL. */
  lang: string;
  creationDate?: Date;
  margins: { top: number; bottom: number; left: number; right: number };
  bufferPages?: boolean;
}): Promise<ArchivalPdf> {
  // pdfkit is loaded on the first PDF, not at start (it is large; memory at start stays low).
  const [{ default: PDFDocument }, f] = await Promise.all([import('pdfkit'), loadFonts()]);
  const doc = new PDFDocument({
    size: 'A4',
    margins: opts.margins,
    bufferPages: opts.bufferPages ?? false,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    lang: opts.lang,
    displayTitle: true,
    info: {
      Title: opts.title,
      Author: opts.author,
      Producer: 'Klachtwijzer',
      Creator: 'Klachtwijzer',
      ...(opts.subject !== undefined && { Subject: opts.subject }),
      ...(opts.creationDate && { CreationDate: opts.creationDate, ModDate: opts.creationDate }),
    },
  });
  doc.registerFont(FONT.regular, f.regular);
  doc.registerFont(FONT.bold, f.bold);
  doc.font(FONT.regular);
  const root = doc.struct('Document');
  doc.addStructure(root);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    root,
    finish() {
      root.end();
      doc.end();
      return done;
    },
  };
}

/** Draws something that is not content (letterhead rule, page numbers, chart bars) as an artifact, outside the reading order. */
export function artifact(doc: Doc, draw: () => void, type: 'Pagination' | 'Layout' = 'Layout'): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

/** Text as one structure element (P, H1, H2, …) of `parent`, in reading order. */
export function tagged(doc: Doc, parent: Struct, type: 'P' | 'H1' | 'H2' | 'H3' | 'Span', draw: () => void): void {
  parent.add(doc.struct(type, {}, () => draw()));
}
