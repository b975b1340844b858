import { open } from 'node:fs/promises';
import { refuse } from '../failures';
import type { ExtractionInput } from './types';
import { assertSafeArchive } from './zip-guard';

const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function firstBytes(filePath: string, count: number): Promise<Buffer> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Spools an Office Open XML or OpenDocument package and checks it is safe to parse. A password
 * protected OOXML file is not a zip at all but an OLE compound file wrapping encrypted bytes.
 */
export async function openOfficePackage(input: ExtractionInput): Promise<string> {
  const file = await input.source.spool();
  if ((await firstBytes(file.path, CFB_MAGIC.length)).equals(CFB_MAGIC)) {
    throw refuse('ENCRYPTED_DOCUMENT', 'The document is protected by a password.');
  }
  await input.progress('archive-check');
  await assertSafeArchive(file.path, input.limits);
  return file.path;
}
