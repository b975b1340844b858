import mammoth from 'mammoth';
import { refuse } from '../failures';
import { openOfficePackage } from './office-package';
import type { Extractor } from './types';

/** Word documents: the body's raw text, paragraphs kept apart. */
export const docxExtractor: Extractor = {
  name: 'docx',
  async extract(input) {
    const filePath = await openOfficePackage(input);
    await input.progress('docx');
    let text: string;
    try {
      text = (await mammoth.extractRawText({ path: filePath })).value;
    } catch {
      throw refuse('CORRUPT_FILE', 'The Word document could not be read.');
    }
    input.budget.add({ text });
  },
};
