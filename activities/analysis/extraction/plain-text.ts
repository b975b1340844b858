import { readTextFile } from './decode-text';
import type { Extractor } from './types';

/** Plain text, CSV, Markdown and JSON: the text itself, in whatever common encoding it is. */
export const plainTextExtractor: Extractor = {
  name: 'plain-text',
  async extract({ source, budget, progress }) {
    const file = await source.spool();
    const room = budget.maxChars - budget.size;
    const { text } = await readTextFile(file.path, room + 1, () => progress('decode'));
    budget.add({ text });
  },
};
