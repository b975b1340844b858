import { stopSet, WORD } from './stopwords';

/**
 * Function words and forms of common verbs that neither stop list has ("via", "whilst",
 * "using"), and words that say nothing about a file's subject even though files are full of
 * them.
 */
const ENGLISH_EXTRA = new Set(
  (
    'via amongst beside besides beyond despite inside onto outside towards unless unlike ' +
    'whereas whilst hence moreover etc cannot sometimes neither otherwise none various ' +
    'give makes made using takes seen comes goes ' +
    'page pages file files document documents sheet sheets slide slides'
  ).split(' '),
);

/** Scripts written without spaces between words, where only a segmenter can find words. */
const UNSPACED_LANGUAGES = new Set(['zh', 'ja', 'th', 'lo', 'km', 'my']);

function wordsOf(text: string, language: string): string[] {
  if (!UNSPACED_LANGUAGES.has(language)) return text.match(WORD) ?? [];
  // Intl.Segmenter is exact but some hundred times slower than the pattern above.
  const segmenter = new Intl.Segmenter(language, { granularity: 'word' });
  return [...segmenter.segment(text)].filter((s) => s.isWordLike).map((s) => s.segment);
}

/**
 * The most frequent content words, most frequent first (ties keep the order they first appear
 * in). Plain term frequency: the tags describe one file, not how it differs from the others.
 */
export function keywordTags(text: string, language: string, max: number): string[] {
  const isStopWord = stopSet(language);
  const counts = new Map<string, number>();
  for (const segment of wordsOf(text, language)) {
    const word = segment.toLowerCase().replace(/['’]s$/u, '');
    if (word.length < 3 || /^\p{N}+$/u.test(word)) continue;
    if (isStopWord(word) || ENGLISH_EXTRA.has(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([word]) => word);
}
