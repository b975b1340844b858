/** Candidate sentences embedded to find the most central ones. */
const MAX_CANDIDATES = 48;

/**
 * A line shorter than this was not cut by the width of a page or a column: it is a heading,
 * a list item or a table row, and its break is kept.
 */
const MIN_WRAPPED_CHARS = 30;

/** A line at least this share of the text's usual width ran into the margin. */
const FULL_LINE_SHARE = 0.7;

/** Sentence punctuation (or a colon, which opens a list) at the end, maybe inside quotes. */
const ENDS_CLAUSE = /[\p{Sentence_Terminal}:][\p{Pe}\p{Pf}"']*$/u;
const ENDS_SENTENCE = /\p{Sentence_Terminal}[\p{Pe}\p{Pf}"']*$/u;
/** What a wrapped line starts with; a bullet, a dash or a table bar starts a line of its own. */
const CONTINUES = /^[\p{L}\p{N}\p{Ps}\p{Pi}"']/u;
const LOWER_CASE_START = /^\p{Ll}/u;
const HYPHENATED = /\p{L}-$/u;

/** The width most lines of a text reach: its lines' 90th percentile length. */
function usualWidth(lines: string[]): number {
  const lengths = lines
    .filter((line) => line !== '')
    .map((line) => line.length)
    .sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length * 0.9)] ?? 0;
}

/**
 * Joins the lines that a layout wrapped: a PDF's text layer (or hard-wrapped plain text)
 * breaks a line where the page ran out of width, and the sentence segmenter would end a
 * sentence at every one of those breaks. A break stays where the line ends a clause, where
 * the line is short (a heading), where the next line starts a list item, and at a blank line.
 */
export function unwrapLines(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const full = Math.max(MIN_WRAPPED_CHARS, FULL_LINE_SHARE * usualWidth(lines));

  let joined = lines[0] ?? '';
  for (let i = 1; i < lines.length; i++) {
    const previous = lines[i - 1]!;
    const line = lines[i]!;
    const wrapped =
      previous !== '' &&
      CONTINUES.test(line) &&
      !ENDS_CLAUSE.test(previous) &&
      (LOWER_CASE_START.test(line) || previous.length >= full);
    if (!wrapped) joined += `\n${line}`;
    else joined += HYPHENATED.test(previous) && LOWER_CASE_START.test(line) ? line : ` ${line}`;
  }
  return joined;
}

/** Starts as a sentence starts and ends with its punctuation: not a heading, not a fragment. */
function isComplete(sentence: string): boolean {
  return !LOWER_CASE_START.test(sentence) && ENDS_SENTENCE.test(sentence);
}

/**
 * The distinct sentences of a text, at most MAX_CANDIDATES spread over it. Only complete ones
 * are taken when there are any, so that a heading or the cut end of a chunk never reads as a
 * sentence of the summary; a text without any (a slide of bullet points) offers its lines.
 */
export function candidateSentences(text: string, language: string): string[] {
  const segmenter = new Intl.Segmenter(language || 'en', { granularity: 'sentence' });
  const seen = new Set<string>();
  const sentences: string[] = [];
  for (const { segment } of segmenter.segment(unwrapLines(text))) {
    const sentence = segment.replace(/\s+/g, ' ').trim();
    const letters = sentence.replace(/[^\p{L}]/gu, '').length;
    if (sentence.length < 20 || sentence.length > 400 || letters < sentence.length / 2) continue;
    if (seen.has(sentence)) continue;
    seen.add(sentence);
    sentences.push(sentence);
  }

  const complete = sentences.filter(isComplete);
  const candidates = complete.length > 0 ? complete : sentences;
  if (candidates.length <= MAX_CANDIDATES) return candidates;
  return Array.from({ length: MAX_CANDIDATES }, (_, i) => {
    return candidates[Math.floor((i * candidates.length) / MAX_CANDIDATES)]!;
  });
}
