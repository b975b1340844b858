import * as stopwords from 'stopword';

/** ISO 639-1 (what language detection returns) to the ISO 639-3 keys of the stop-word lists. */
const STOPWORD_LISTS: Record<string, string> = {
  en: 'eng',
  de: 'deu',
  fr: 'fra',
  es: 'spa',
  it: 'ita',
  pt: 'por',
  nl: 'nld',
  sv: 'swe',
  da: 'dan',
  nb: 'nob',
  no: 'nob',
  fi: 'fin',
  pl: 'pol',
  cs: 'ces',
  ru: 'rus',
  tr: 'tur',
};

const lists = stopwords as unknown as Record<string, string[] | undefined>;

function stopSet(language: string): Set<string> {
  const words = [...(lists.eng ?? []), ...(lists[STOPWORD_LISTS[language] ?? ''] ?? [])];
  return new Set(words.map((w) => w.toLowerCase()));
}

/** Words that say nothing about a document's subject even though they are frequent in files. */
const NOISE = new Set(['page', 'pages', 'file', 'document', 'sheet', 'slide', 'also', 'will']);

/**
 * The most frequent content words, most frequent first (ties keep the order they first appear
 * in). Plain term frequency: the tags describe one file, not how it differs from the others.
 */
export function keywordTags(text: string, language: string, max: number): string[] {
  const stop = stopSet(language);
  const counts = new Map<string, number>();
  const segmenter = new Intl.Segmenter(language || 'en', { granularity: 'word' });
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (!isWordLike) continue;
    const word = segment.toLowerCase();
    if (word.length < 3 || /^\p{N}+$/u.test(word) || stop.has(word) || NOISE.has(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([word]) => word);
}
