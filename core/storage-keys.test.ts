import { buildStorageKey, MAX_FILENAME_BYTES, safeFilename } from './storage-keys';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('safeFilename', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['quarterly report 2024.pdf', 'quarterly_report_2024.pdf'],
    ['a+b=c.txt', 'a_b_c.txt'],
    ['notes #3.md', 'notes_3.md'],
    ['100% done.png', '100_done.png'],
    ['what?&why.txt', 'what_why.txt'],
  ])('turns %j into %j', (original, safe) => {
    expect(safeFilename(original)).toBe(safe);
  });

  it('keeps only the last path segment, so no name climbs out of its folder', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('..\\..\\windows\\system.ini')).toBe('system.ini');
    expect(safeFilename('/absolute/path/to/photo.jpg')).toBe('photo.jpg');
  });

  it('leaves no dot-dot anywhere and no hidden-file dot in front', () => {
    expect(safeFilename('..')).toBe('file');
    expect(safeFilename('a..b...c.txt')).toBe('a.b.c.txt');
    expect(safeFilename('.env')).toBe('env');
  });

  it('drops control characters and direction overrides that disguise the extension', () => {
    expect(safeFilename('in\u0000voice\u0007.pdf')).toBe('invoice.pdf');
    expect(safeFilename('line\nbreak\r.txt')).toBe('linebreak.txt');
    expect(safeFilename('evil\u202Efdp.exe')).toBe('evilfdp.exe');
  });

  it('keeps Unicode readable and composes it to NFC', () => {
    expect(safeFilename('Résumé final.pdf')).toBe('Résumé_final.pdf');
    expect(safeFilename('Cafe\u0301.txt')).toBe('Caf\u00e9.txt');
    expect(safeFilename('会议记录.docx')).toBe('会议记录.docx');
    expect(safeFilename('отчёт.xlsx')).toBe('отчёт.xlsx');
  });

  it('falls back to a plain name when nothing usable is left', () => {
    expect(safeFilename('')).toBe('file');
    expect(safeFilename('###')).toBe('file');
    expect(safeFilename('dir/')).toBe('file');
  });

  it('shortens long names to the byte budget and keeps the extension', () => {
    const name = safeFilename(`${'a'.repeat(500)}.pdf`);

    expect(bytes(name)).toBe(MAX_FILENAME_BYTES);
    expect(name.endsWith('a.pdf')).toBe(true);
  });

  it('never cuts a multi-byte character or a grapheme in half', () => {
    const name = safeFilename(`${'日本語'.repeat(100)}.txt`);
    const accented = safeFilename(`${'e\u0301'.repeat(200)}.txt`, 41);
    const family = safeFilename(`${'👨‍👩‍👧'.repeat(30)}.png`, 60);

    expect(bytes(name)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(name).toMatch(/^(日本語)+(日|日本)?\.txt$/);
    expect(bytes(accented)).toBeLessThanOrEqual(41);
    expect(accented).toMatch(/^(\u00e9)+\.txt$/);
    expect(family).toBe(`${'👨‍👩‍👧'.repeat(3)}.png`);
  });

  it('treats an absurdly long extension as part of the name', () => {
    const name = safeFilename(`short.${'x'.repeat(400)}`);

    expect(bytes(name)).toBe(MAX_FILENAME_BYTES);
    expect(name.startsWith('short.xxx')).toBe(true);
  });
});

describe('buildStorageKey', () => {
  const parts = {
    prefix: '',
    workspaceId: 'ws-1',
    sourceType: 'drive_file',
    sourceId: 'doc-42',
    fileId: '0b5c3c1e-7a0c-4b8e-9a77-1f1f0e0d9c11',
    filename: '../Q3 plan+notes.pdf',
  };

  it('follows workspace/source type/source id/uuid-filename', () => {
    expect(buildStorageKey(parts)).toBe(
      'ws-1/drive_file/doc-42/0b5c3c1e-7a0c-4b8e-9a77-1f1f0e0d9c11-Q3_plan_notes.pdf',
    );
  });

  it('puts the per-purpose prefix in front, with or without its trailing slash', () => {
    expect(buildStorageKey({ ...parts, prefix: 'recordings/' })).toMatch(/^recordings\/ws-1\//);
    expect(buildStorageKey({ ...parts, prefix: 'compliance' })).toMatch(/^compliance\/ws-1\//);
  });

  it('refuses ids that would add or escape a folder', () => {
    expect(() => buildStorageKey({ ...parts, sourceId: '../other' })).toThrow(/sourceId/);
    expect(() => buildStorageKey({ ...parts, workspaceId: 'a/b' })).toThrow(/workspaceId/);
    expect(() => buildStorageKey({ ...parts, sourceId: '' })).toThrow(/sourceId/);
  });
});
