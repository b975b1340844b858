import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import yazl from 'yazl';

/**
 * Small real files of every analysed type, made by the libraries that write them (or, for the
 * scanned page, from a picture of printed text in test/fixtures/analysis).
 */

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'analysis');

/**
 * Two seconds of a 160 x 120 test pattern (VP8) with a 440 Hz tone (Opus) in WebM, 8 KB, made
 * by ffmpeg from its lavfi test sources (testsrc, sine).
 */
export const testPatternWebm = (): Buffer => readFileSync(path.join(FIXTURES, 'test-pattern.webm'));

/** A picture of three printed lines: "Garage invoice: brake pads replaced ...". */
export const invoicePng = (): Buffer => readFileSync(path.join(FIXTURES, 'garage-invoice.png'));

function pdf(options: PDFKit.PDFDocumentOptions, draw: (doc: PDFKit.PDFDocument) => void) {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument(options);
    const parts: Buffer[] = [];
    doc.on('data', (part: Buffer) => parts.push(part));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}

export const textPdf = (pages: string[]) =>
  pdf({}, (doc) => pages.forEach((text, i) => (i === 0 ? doc : doc.addPage()).text(text)));

export const scannedPdf = () => pdf({}, (doc) => doc.image(invoicePng(), 40, 60, { width: 520 }));

export const encryptedPdf = () =>
  pdf({ userPassword: 'secret', ownerPassword: 'owner' }, (doc) => doc.text('Hidden salaries'));

export const docx = (paragraphs: string[]) =>
  Packer.toBuffer(
    new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }),
  );

const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * pptxgenjs loads its Node helpers with a dynamic import, which the test runner's module
 * sandbox refuses: the deck is written by a plain Node process instead.
 */
export async function pptx(slides: string[]): Promise<Buffer> {
  const script = `
    const Deck = require('pptxgenjs');
    const deck = new Deck();
    for (const text of JSON.parse(process.argv[1])) {
      deck.addSlide().addText(text, { x: 0.5, y: 0.5, w: 9, h: 1 });
    }
    deck.write({ outputType: 'nodebuffer' }).then((b) => process.stdout.write(b.toString('base64')));`;
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, ['-e', script, JSON.stringify(slides)], {
    cwd: REPO,
    maxBuffer: 16 * 1024 * 1024,
  });
  return Buffer.from(stdout, 'base64');
}

export async function xlsx(sheets: Record<string, (string | number)[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function zip(build: (archive: yazl.ZipFile) => void): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  build(archive);
  archive.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    archive.outputStream.on('data', (part: Buffer) => parts.push(part));
    archive.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    archive.outputStream.on('error', reject);
  });
}

/** A minimal OpenDocument text: the mimetype first and stored, a manifest, the content. */
export const odt = (paragraphs: string[]) =>
  zip((archive) => {
    const type = 'application/vnd.oasis.opendocument.text';
    archive.addBuffer(Buffer.from(type), 'mimetype', { compress: false });
    archive.addBuffer(
      Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
  manifest:version="1.2">
  <manifest:file-entry manifest:full-path="/" manifest:media-type="${type}"/>
  <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`),
      'META-INF/manifest.xml',
    );
    const body = paragraphs.map((p) => `<text:p>${p}</text:p>`).join('');
    archive.addBuffer(
      Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
  <office:body><office:text>${body}</office:text></office:body>
</office:document-content>`),
      'content.xml',
    );
  });

/**
 * A "Word document" whose body expands 1,000 times: 64 MiB of zeros that deflate to 64 KiB,
 * streamed so that making it costs no memory.
 */
export const zipBombDocx = () =>
  zip((archive) => {
    archive.addBuffer(Buffer.from('<Types/>'), '[Content_Types].xml');
    const zeros = Buffer.alloc(1024 * 1024);
    let left = 64;
    const body = new Readable({
      read() {
        this.push(left-- > 0 ? zeros : null);
      },
    });
    archive.addReadStream(body, 'word/document.xml');
  });

export const image = (format: 'png' | 'jpeg' | 'webp' | 'tiff') =>
  sharp(invoicePng()).toFormat(format).toBuffer();

export const blankPng = () =>
  sharp({ create: { width: 600, height: 400, channels: 3, background: 'white' } })
    .png()
    .toBuffer();

export const latin1Csv = (text: string) => iconv.encode(text, 'windows-1252');

export const utf16Text = (text: string) =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);

/** One second of a 440 Hz tone: 16-bit mono PCM at 8 kHz in a WAV container. */
export function wavTone(seconds = 1, rate = 8000): Buffer {
  const samples = seconds * rate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/**
 * The same bomb with its central directory lying: the body declares 4 KiB, so the declared
 * sizes and ratios pass, and only inflating it shows what it really holds.
 */
export async function lyingZipBombDocx(): Promise<Buffer> {
  const archive = await zipBombDocx();
  const name = Buffer.from('word/document.xml');
  for (let at = archive.length - 22; at >= 0; at--) {
    if (archive.readUInt32LE(at) !== 0x02014b50) continue;
    const nameLength = archive.readUInt16LE(at + 28);
    if (archive.subarray(at + 46, at + 46 + nameLength).equals(name)) {
      archive.writeUInt32LE(4096, at + 24);
      return archive;
    }
  }
  throw new Error('the central directory entry of the body was not found');
}
