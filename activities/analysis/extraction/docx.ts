import { refuse } from '../failures';
import { refuseJobFailure, runOffThread } from '../off-thread';
import { openOfficePackage } from './office-package';
import type { Extractor } from './types';

/** Word documents: the body's raw text, paragraphs kept apart, parsed off the event loop. */
export const docxExtractor: Extractor = {
  name: 'docx',
  async extract(input) {
    const filePath = await openOfficePackage(input);
    await input.progress('docx');
    const sections = await input
      .during((signal) => runOffThread({ kind: 'docx', filePath }, signal))
      .catch(refuseJobFailure(refuse('CORRUPT_FILE', 'The Word document could not be read.')));
    for (const section of sections) input.budget.add(section);
  },
};
