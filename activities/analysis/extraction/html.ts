import { convert } from 'html-to-text';
import { readTextFile } from './decode-text';
import type { Extractor } from './types';

/** The text a reader sees: no markup, scripts, styles, image data or link targets. */
const OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'nav', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', options: { uppercaseHeaderCells: false } },
  ],
};

export const htmlExtractor: Extractor = {
  name: 'html',
  async extract({ source, budget, progress }) {
    const file = await source.spool();
    // Markup weighs more than the text it wraps: read a generous multiple of the budget.
    const room = (budget.maxChars - budget.size) * 4;
    const { text } = await readTextFile(file.path, room, () => progress('decode'));
    await progress('html');
    budget.add({ text: convert(text, OPTIONS) });
  },
};
