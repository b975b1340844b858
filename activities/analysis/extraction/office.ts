import { refuse } from '../failures';
import { refuseJobFailure, runOffThread } from '../off-thread';
import { openOfficePackage } from './office-package';
import type { OfficeKind } from './parsers';
import type { Extractor } from './types';

/**
 * PowerPoint, Excel, OpenDocument (text, sheets, slides) and RTF through officeparser, in a
 * thread of its own: a workbook of a few megabytes keeps it busy for seconds.
 */
export function officeExtractor(kind: OfficeKind): Extractor {
  return {
    name: `office-${kind}`,
    async extract(input) {
      const filePath =
        kind === 'rtf' ? (await input.source.spool()).path : await openOfficePackage(input);
      await input.progress(kind);
      const job = { kind: 'office', filePath, fileType: kind, limits: input.limits } as const;
      const sections = await input
        .during((signal) => runOffThread(job, signal))
        .catch(refuseJobFailure(refuse('CORRUPT_FILE', 'The document could not be read.')));
      for (const section of sections) {
        if (input.budget.full) break;
        input.budget.add(section);
      }
    },
  };
}
