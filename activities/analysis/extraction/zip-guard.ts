import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { refuse } from '../failures';

export interface ArchiveLimits {
  maxArchiveUncompressedBytes: number;
  maxArchiveRatio: number;
  maxArchiveEntries: number;
}

/** Below this an entry's ratio says nothing: a page of repeated XML compresses 200 to 1. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

const openZip = (filePath: string) =>
  new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(filePath, { lazyEntries: true, validateEntrySizes: true }, (error, zip) =>
      error ? reject(error) : resolve(zip),
    );
  });

function readEntries(zip: ZipFile, onEntry: (entry: Entry) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      onEntry(entry).then(
        () => zip.readEntry(),
        (error: unknown) => {
          zip.close();
          reject(error);
        },
      );
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
}

function checkDeclared(entry: Entry, totals: { bytes: number; entries: number }, l: ArchiveLimits) {
  totals.entries += 1;
  totals.bytes += entry.uncompressedSize;
  if (totals.entries > l.maxArchiveEntries) {
    throw refuse('ARCHIVE_BOMB', `The document holds more than ${l.maxArchiveEntries} parts.`);
  }
  if (totals.bytes > l.maxArchiveUncompressedBytes) {
    const mib = Math.round(l.maxArchiveUncompressedBytes / 1024 / 1024);
    throw refuse('ARCHIVE_BOMB', `The document would expand to more than ${mib} MiB.`);
  }
  const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
  if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > l.maxArchiveRatio) {
    throw refuse('ARCHIVE_BOMB', `A part of the document expands ${Math.round(ratio)} times.`);
  }
}

async function drain(zip: ZipFile, entry: Entry): Promise<void> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))),
  );
  for await (const piece of stream) void piece;
}

/**
 * Refuses an Office document (a zip) that would expand beyond the limits, before any parser
 * expands it. First the central directory's declared sizes, entry count and ratios are checked;
 * then every entry is inflated into nothing, and yauzl fails any entry whose real size differs
 * from the declared one: a bomb that lies about its sizes is stopped at the declared (and
 * already accepted) size instead of filling memory in the parser.
 */
export async function assertSafeArchive(filePath: string, limits: ArchiveLimits): Promise<void> {
  const totals = { bytes: 0, entries: 0 };
  try {
    await readEntries(await openZip(filePath), async (entry) =>
      checkDeclared(entry, totals, limits),
    );
    const zip = await openZip(filePath);
    await readEntries(zip, async (entry) => {
      if (!entry.fileName.endsWith('/')) await drain(zip, entry);
    });
  } catch (error) {
    if ((error as Error).name === 'AnalysisRefusal') throw error;
    // The copy is local: an error here is the archive's, not the disk's.
    if (/too many bytes/i.test((error as Error).message)) {
      throw refuse('ARCHIVE_BOMB', 'A part of the document is larger than it declares.');
    }
    throw refuse('CORRUPT_FILE', 'The document is not a readable zip package.');
  }
}
