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
const MIN_WORDS = 8;

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

function byFunctionWords(sample: string): string | undefined {
  const words = (sample.match(WORD) ?? []).map((word) => word.toLowerCase());
  if (words.length < MIN_WORDS) return undefined;
  const shares = STOPWORD_LANGUAGES.map((language) => {
    const own = functionWords(language);
    return { language, share: words.filter((word) => own.has(word)).length / words.length };
  }).sort((a, b) => b.share - a.share);
  const [best, second] = shares;
  if (!best || best.share < MIN_FUNCTION_WORD_SHARE) return undefined;
  return !second || best.share >= 2 * second.share ? best.language : undefined;
}

/**
 * The ISO 639-1 code of the text's language: the statistical detector's answer when it is
 * sure, else the language whose function words the text is made of, else `und`
 * (undetermined), which is the honest answer for a short line or a table of figures.
 */
export function detectLanguage(text: string): string {
  const sample = sampleOf(text);
  const [best] = detectAll(sample);
  if (best && best.accuracy >= MIN_LANGUAGE_CONFIDENCE) return best.lang;
  return byFunctionWords(sample) ?? 'und';
}
