import { parentPort, workerData } from 'node:worker_threads';
import { chunkSections, type Chunk, type ChunkingOptions } from './chunking';
import { docxSections, htmlSections, officeSections, type OfficeKind } from './extraction/parsers';
import type { TextSection } from './extraction/types';
import type { ArchiveLimits } from './extraction/zip-guard';

/**
 * The body of a thread that runs one CPU-bound job of a run (a parser, the text splitter) and
 * posts its result. These libraries compute synchronously for as long as a big document takes;
 * on this thread, the activity's event loop keeps heartbeating and serving its other work.
 */

export type CpuJob =
  | { kind: 'docx'; filePath: string }
  | { kind: 'office'; filePath: string; fileType: OfficeKind; limits: ArchiveLimits }
  | { kind: 'html'; filePath: string; maxChars: number }
  | { kind: 'split'; sections: TextSection[]; options: ChunkingOptions };

export type CpuJobResult<J extends CpuJob> = J extends { kind: 'split' } ? Chunk[] : TextSection[];

export type CpuThreadMessage =
  | { kind: 'result'; value: TextSection[] | Chunk[] }
  | { kind: 'failed'; name: string; message: string };

function run(job: CpuJob): Promise<TextSection[] | Chunk[]> {
  switch (job.kind) {
    case 'docx':
      return docxSections(job.filePath);
    case 'office':
      return officeSections(job.filePath, job.fileType, job.limits);
    case 'html':
      return htmlSections(job.filePath, job.maxChars);
    case 'split':
      return chunkSections(job.sections, job.options);
  }
}

if (parentPort) {
  const port = parentPort;
  run(workerData as CpuJob).then(
    (value) => port.postMessage({ kind: 'result', value } satisfies CpuThreadMessage),
    (error: unknown) => {
      const { name, message } = error as Error;
      port.postMessage({ kind: 'failed', name, message } satisfies CpuThreadMessage);
    },
  );
}
