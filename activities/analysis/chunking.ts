import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import type { TextSection } from './extraction/types';

export interface Chunk {
  index: number;
  text: string;
  page?: number;
  section?: string;
}

export interface ChunkingOptions {
  size: number;
  overlap: number;
  /** Markdown splits on headings first, so a chunk tends to hold one part of the document. */
  markdown?: boolean;
}

/**
 * Splits each section on its own, so that every chunk keeps the page, slide or sheet it came
 * from; consecutive chunks of a section share `overlap` characters, so that a sentence cut at a
 * boundary is still whole in one of them.
 */
export async function chunkSections(
  sections: TextSection[],
  options: ChunkingOptions,
): Promise<Chunk[]> {
  const params = { chunkSize: options.size, chunkOverlap: options.overlap };
  const splitter = options.markdown
    ? RecursiveCharacterTextSplitter.fromLanguage('markdown', params)
    : new RecursiveCharacterTextSplitter(params);
  const chunks: Chunk[] = [];
  for (const section of sections) {
    for (const text of await splitter.splitText(section.text)) {
      if (text.trim().length === 0) continue;
      chunks.push({ index: chunks.length, text, page: section.page, section: section.section });
    }
  }
  return chunks;
}
