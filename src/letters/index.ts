export { letterContent, letterText, blocksToParagraphs, OUTCOME_WORDS, GROUND_EXPLANATIONS } from './letters.content.ts';
export { renderLetterPdf } from './letters.pdf.ts';
export { dutchDate, dutchDateTime, dutchDateWithWeekday, pdfSafe } from './dutch.ts';
export type * from './letters.types.ts';
