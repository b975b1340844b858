import type { Embeddings } from '@langchain/core/embeddings';
import { MAX_CATEGORIES } from './summarizer';
import { cosine } from './vectors';

/**
 * The categories a file can fall in, each described by words the embedding model can place.
 * Names are stored in the summary JSON: add new ones, never rename.
 */
const CATEGORIES: Record<string, string> = {
  finance: 'invoices, payments, receipts, budgets, accounting, expenses, prices and costs',
  legal: 'contracts, agreements, terms and conditions, legal obligations and liability',
  compliance: 'policies, audits, regulations, certifications, security and data protection',
  'human resources': 'employees, hiring, salaries, payroll, leave, onboarding and performance',
  engineering: 'software, code, systems architecture, technical specifications and bugs',
  product: 'product requirements, features, roadmaps, user research and design',
  'sales and marketing': 'customers, leads, deals, campaigns, pricing offers and branding',
  operations: 'logistics, vehicles, maintenance, inventory, suppliers and schedules',
  meetings: 'meeting notes, agendas, minutes, calls, recordings and decisions',
  support: 'customer support tickets, complaints, troubleshooting and help requests',
  education: 'courses, lessons, training material, exercises and research papers',
  personal: 'personal letters, travel, health, family and private notes',
};

/** Labels within this distance of the best one are kept as well. */
const RUNNER_UP_MARGIN = 0.03;

/** Zero-shot categories: the labels whose descriptions lie closest to the document's centroid. */
export function createCategoryRanker(embeddings: Embeddings) {
  let labelVectors: Promise<number[][]> | undefined;
  const names = Object.keys(CATEGORIES);

  return async function categoriesFor(documentCentroid: number[]): Promise<string[]> {
    labelVectors ??= embeddings.embedDocuments(names.map((n) => `${n}: ${CATEGORIES[n]}`));
    const vectors = await labelVectors.catch((error: unknown) => {
      labelVectors = undefined;
      throw error;
    });
    const ranked = names
      .map((name, i) => ({ name, score: cosine(documentCentroid, vectors[i]!) }))
      .sort((a, b) => b.score - a.score);
    const best = ranked[0]!.score;
    return ranked
      .filter((entry) => entry.score >= best - RUNNER_UP_MARGIN)
      .slice(0, MAX_CATEGORIES)
      .map((entry) => entry.name);
  };
}
