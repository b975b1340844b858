import { chunkSections } from './chunking';

const sentence = (i: number) => `Sentence number ${i} talks about the warehouse inventory. `;
const longText = Array.from({ length: 60 }, (_, i) => sentence(i)).join('');

describe('chunking', () => {
  it('keeps chunks within the size and repeats the overlap between neighbours', async () => {
    const chunks = await chunkSections([{ text: longText }], { size: 400, overlap: 120 });

    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(400);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1]!.text;
      const shared = longestSuffixPrefix(previous, chunks[i]!.text);
      expect(shared).toBeGreaterThan(40);
      expect(shared).toBeLessThanOrEqual(120);
    }
  });

  it('covers the whole text, in order, with nothing lost between chunks', async () => {
    const chunks = await chunkSections([{ text: longText }], { size: 300, overlap: 50 });

    for (let i = 0; i < 60; i++) {
      expect(chunks.some((c) => c.text.includes(`number ${i} talks`))).toBe(true);
    }
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
  });

  it('without overlap, neighbours share nothing', async () => {
    const chunks = await chunkSections([{ text: longText }], { size: 400, overlap: 0 });

    for (let i = 1; i < chunks.length; i++) {
      expect(longestSuffixPrefix(chunks[i - 1]!.text, chunks[i]!.text)).toBeLessThan(10);
    }
  });

  it('keeps the page or sheet each chunk came from', async () => {
    const chunks = await chunkSections(
      [
        { text: longText, page: 1 },
        { text: 'Cost of laptops', page: 2, section: 'Budget' },
      ],
      { size: 500, overlap: 50 },
    );

    expect(chunks.at(-1)).toMatchObject({ page: 2, section: 'Budget', text: 'Cost of laptops' });
    expect(chunks.slice(0, -1).every((c) => c.page === 1 && c.section === undefined)).toBe(true);
  });
});

/** Length of the longest end of `a` that `b` starts with. */
function longestSuffixPrefix(a: string, b: string): number {
  for (let n = Math.min(a.length, b.length); n > 0; n--) {
    if (a.endsWith(b.slice(0, n))) return n;
  }
  return 0;
}
