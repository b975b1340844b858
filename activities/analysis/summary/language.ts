import { detectAll } from 'tinyld';
import { functionWords, STOPWORD_LANGUAGES, WORD } from './stopwords';

/**
 * Below this confidence the statistical detector is guessing: on a sentence or two it ranks
 * several languages about equally, and a wrong guess would mislabel the file and pick the
 * wrong stop words.
 */
const MIN_LANGUAGE_CONFIDENCE = 0.5;

/** The detector's cost grows with its input (40,000 characters take 0.2 s): it reads a sample. */
const SAMPLE_PIECE_CHARS = 1500;

/**
 * Running text in a language has about one word in three from that language's function words
 * (the, of, and, to...); a list of names, figures or keywords has almost none. Text that shows
 * one language's share this high, and twice any other's, is taken to be in that language.
 */
const MIN_FUNCTION_WORD_SHARE = 0.2;
/** A note is short: "Call the bank about the loan" has six words, three of them function words. */
const MIN_WORDS = 5;

/**
 * The detector can be sure on the strength of one pair of letters it knows from one language
 * only ("bx" makes a list of product codes Berber). An answer for a language without a list of
 * function words to check it against needs this many letters of words that are not codes.
 */
const MIN_PROSE_LETTERS = 10;

/** The start, middle and end of a long text; the text itself when short. */
function sampleOf(text: string): string {
  if (text.length <= SAMPLE_PIECE_CHARS * 3) return text;
  const middle = Math.floor(text.length / 2 - SAMPLE_PIECE_CHARS / 2);
  return [
    text.slice(0, SAMPLE_PIECE_CHARS),
    text.slice(middle, middle + SAMPLE_PIECE_CHARS),
    text.slice(-SAMPLE_PIECE_CHARS),
  ].join('\n');
}

/** The words of the sample, leaving out whatever has a digit in it: codes, dates, amounts. */
function wordsOf(sample: string): string[] {
  return sample
    .split(/\s+/)
    .filter((token) => !/\p{N}/u.test(token))
    .flatMap((token) => token.match(WORD) ?? []);
}

/** An acronym or a code in capitals (HDMI, SKU) says nothing of a language. */
const isCapitals = (word: string) => /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word);

/** Whether the words bear out the detector's answer: they hold some of its function words. */
function readsAs(language: string, words: string[]): boolean {
  const own = functionWords(language);
  if (own.size > 0) return words.some((word) => own.has(word.toLowerCase()));
  const letters = words.filter((word) => !isCapitals(word)).join('').length;
  return letters >= MIN_PROSE_LETTERS;
}

/**
 * The language whose function words the text is made of. Where two or more languages share
 * them too evenly to tell apart ("the" and "on" are function words of several lists), the one
 * the detector ranks first decides, though it is unsure: the two together are evidence enough.
 */
function byFunctionWords(words: string[], detectorFirst: string | undefined): string | undefined {
  if (words.length < MIN_WORDS) return undefined;
  const lower = words.map((word) => word.toLowerCase());
  const shares = STOPWORD_LANGUAGES.map((language) => {
    const own = functionWords(language);
    return { language, share: lower.filter((word) => own.has(word)).length / lower.length };
  }).sort((a, b) => b.share - a.share);
  const best = shares[0]!;
  if (best.share < MIN_FUNCTION_WORD_SHARE) return undefined;
  const close = shares.filter((entry) => 2 * entry.share > best.share).map((e) => e.language);
  if (close.length === 1) return best.language;
  return detectorFirst && close.includes(detectorFirst) ? detectorFirst : undefined;
}

/**
 * The ISO 639-1 code of the text's language: the statistical detector's answer when it is
 * sure and the text's words bear it out, else the language whose function words the text is
 * made of, else `und` (undetermined), which is the honest answer for a short line, a table of
 * figures or a list of codes.
 */
export function detectLanguage(text: string): string {
  const sample = sampleOf(text);
  const words = wordsOf(sample);
  const [best] = detectAll(sample);
  if (best && best.accuracy >= MIN_LANGUAGE_CONFIDENCE && readsAs(best.lang, words)) {
    return best.lang;
  }
  return byFunctionWords(words, best?.lang) ?? 'und';
}
