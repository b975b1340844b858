import { convert } from 'html-to-text';
import mammoth from 'mammoth';
import { readFile } from 'node:fs/promises';
import { parseOffice, type OfficeContentNode } from 'officeparser';
import { readTextFile } from './decode-text';
import type { ArchiveLimits } from './zip-guard';
import type { TextSection } from './types';

/**
 * The parsers that hold the thread they run on for as long as a document takes (seconds for a
 * big workbook). They run in a worker thread (../cpu-thread.ts), never on the activity's own.
 */

export type OfficeKind = 'pptx' | 'xlsx' | 'odt' | 'odp' | 'ods' | 'rtf';

/** Word documents: the body's raw text, paragraphs kept apart. */
export async function docxSections(filePath: string): Promise<TextSection[]> {
  return [{ text: (await mammoth.extractRawText({ path: filePath })).value }];
}

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

/** PowerPoint, Excel, OpenDocument and RTF: a section per slide or sheet, paragraphs grouped. */
export async function officeSections(
  filePath: string,
  kind: OfficeKind,
  limits: Pick<ArchiveLimits, 'maxArchiveUncompressedBytes' | 'maxArchiveEntries'>,
): Promise<TextSection[]> {
  const ast = await parseOffice(await readFile(filePath), {
    fileType: kind,
    ocr: false,
    extractAttachments: false,
    ignoreNotes: false,
    decompressionLimits: {
      maxUncompressedBytes: limits.maxArchiveUncompressedBytes,
      maxZipEntries: limits.maxArchiveEntries,
    },
  });
  const sections: TextSection[] = [];
  let ordinal = 0;
  let paragraphs: string[] = [];
  const flush = () => {
    if (paragraphs.length > 0) sections.push({ text: paragraphs.join('\n') });
    paragraphs = [];
  };
  for (const node of ast.content) {
    if (node.type === 'slide' || node.type === 'sheet') {
      flush();
      ordinal += 1;
      sections.push({ text: textOf(node), ...positionOf(node, ordinal) });
    } else {
      paragraphs.push(textOf(node));
    }
  }
  flush();
  return sections;
}

/** The text a reader sees: no markup, scripts, styles, image data or link targets. */
const HTML_OPTIONS = {
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

/** An HTML file decoded (up to `maxChars` of markup) and reduced to its visible text. */
export async function htmlSections(filePath: string, maxChars: number): Promise<TextSection[]> {
  const { text } = await readTextFile(filePath, maxChars, async () => undefined);
  return [{ text: convert(text, HTML_OPTIONS) }];
}
