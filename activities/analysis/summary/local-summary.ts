import type { Embeddings } from '@langchain/core/embeddings';
import { keywordTags } from './keywords';
import { detectLanguage } from './language';
import { candidateSentences } from './sentences';
import {
  MAX_TAGS,
  representativeSample,
  type DocumentDigest,
  type Summarizer,
  type SummaryParts,
} from './summarizer';
import { centroid, cosine } from './vectors';
import { LOCAL_SUMMARY_MODEL } from '../pipeline-version';

/** Text read for sentences and keywords; enough to describe a file, cheap to embed. */
const SAMPLE_CHARS = 40_000;
const SUMMARY_SENTENCES = 3;
const MAX_SUMMARY_CHARS = 700;

/**
 * The sentences closest to the document's centroid, in the order the document has them; one
 * that would run the summary past its length is passed over for the next, so that the summary
 * never ends mid-sentence.
 */
async function extractiveSummary(
  embeddings: Embeddings,
  text: string,
  language: string,
  documentCentroid: number[],
): Promise<string> {
  const candidates = candidateSentences(text, language);
  if (candidates.length === 0) {
    return text.replace(/\s+/g, ' ').trim().slice(0, MAX_SUMMARY_CHARS);
  }

  const vectors = await embeddings.embedDocuments(candidates);
  const ranked = candidates
    .map((sentence, order) => ({
      sentence,
      order,
      score: cosine(vectors[order]!, documentCentroid),
    }))
    .sort((a, b) => b.score - a.score);
  const chosen: typeof ranked = [];
  let length = 0;
  for (const candidate of ranked) {
    if (chosen.length === SUMMARY_SENTENCES) break;
    const grown = length + (chosen.length > 0 ? 1 : 0) + candidate.sentence.length;
    if (grown > MAX_SUMMARY_CHARS) continue;
    chosen.push(candidate);
    length = grown;
  }

  return chosen
    .sort((a, b) => a.order - b.order)
    .map((c) => c.sentence)
    .join(' ');
}

/**
 * Summary and tags with no network: the embedding model ranks, nothing generates. Categories
 * are left to an LLM: ranking category descriptions by their closeness to the document put
 * meeting notes in "support" and a gardening guide in "education", and no margin kept such
 * files out without also dropping half of the documents it had right.
 */
export function createLocalSummarizer(embeddings: Embeddings): Summarizer & {
  describe(digest: DocumentDigest): Promise<SummaryParts>;
} {
  const model = LOCAL_SUMMARY_MODEL;

  const describe = async (digest: DocumentDigest): Promise<SummaryParts> => {
    // Chunks are set apart by a blank line, so that one cut mid-sentence is never joined to the
    // next, which starts with the same words again (the overlap).
    const text = representativeSample(digest.chunks, SAMPLE_CHARS)
      .map((c) => c.text)
      .join('\n\n');
    const language = detectLanguage(text);
    const documentCentroid = centroid(digest.vectors);
    return {
      summary: await extractiveSummary(embeddings, text, language, documentCentroid),
      tags: keywordTags(text, language, MAX_TAGS),
      categories: [],
      language,
    };
  };

  return {
    model,
    describe,
    async summarize(digest) {
      return { ...(await describe(digest)), model };
    },
  };
}
