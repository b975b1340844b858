import { readFile } from 'node:fs/promises';
import { parseOffice, type OfficeContentNode } from 'officeparser';
import { refuse } from '../failures';
import { openOfficePackage } from './office-package';
import type { Extractor, ExtractionInput } from './types';

type OfficeKind = 'pptx' | 'xlsx' | 'odt' | 'odp' | 'ods' | 'rtf';

/** Text of a node: a cell's or paragraph's own text, or its children's, a row's cells tabbed. */
function textOf(node: OfficeContentNode): string {
  if (node.type !== 'row' && typeof node.text === 'string' && node.text.length > 0) {
    return node.text;
  }
  const separator = node.type === 'row' ? '\t' : '\n';
  const parts = (node.children ?? []).map(textOf);
  const notes = (node.notes ?? []).map(textOf);
  return [...parts, ...notes].filter((part) => part.trim().length > 0).join(separator);
}

/** Where a top-level node sits: slides and sheets are numbered; sheets also keep their name. */
function positionOf(node: OfficeContentNode, ordinal: number) {
  const meta = (node.metadata ?? {}) as { slideNumber?: number; sheetName?: string };
  if (node.type === 'slide') return { page: meta.slideNumber ?? ordinal };
  if (node.type === 'sheet') return { page: ordinal, section: meta.sheetName };
  return {};
}

async function parse(input: ExtractionInput, kind: OfficeKind) {
  const filePath =
    kind === 'rtf' ? (await input.source.spool()).path : await openOfficePackage(input);
  const bytes = await readFile(filePath);
  await input.progress(kind);
  try {
    return await parseOffice(bytes, {
      fileType: kind,
      ocr: false,
      extractAttachments: false,
      ignoreNotes: false,
      decompressionLimits: {
        maxUncompressedBytes: input.limits.maxArchiveUncompressedBytes,
        maxZipEntries: input.limits.maxArchiveEntries,
      },
    });
  } catch {
    throw refuse('CORRUPT_FILE', 'The document could not be read.');
  }
}

/** PowerPoint, Excel, OpenDocument (text, sheets, slides) and RTF through officeparser. */
export function officeExtractor(kind: OfficeKind): Extractor {
  return {
    name: `office-${kind}`,
    async extract(input) {
      const ast = await parse(input, kind);
      let ordinal = 0;
      let paragraphs: string[] = [];
      const flush = () => {
        if (paragraphs.length > 0) input.budget.add({ text: paragraphs.join('\n') });
        paragraphs = [];
      };
      for (const node of ast.content) {
        if (input.budget.full) break;
        if (node.type === 'slide' || node.type === 'sheet') {
          flush();
          ordinal += 1;
          input.budget.add({ text: textOf(node), ...positionOf(node, ordinal) });
          await input.progress(kind);
        } else {
          paragraphs.push(textOf(node));
        }
      }
      flush();
    },
  };
}
