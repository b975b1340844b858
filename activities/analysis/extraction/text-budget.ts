import type { TextSection } from './types';

/**
 * Collects extracted text up to a hard limit, so that a huge spreadsheet or log file cannot
 * exhaust the worker's memory or the embedding budget. Extractors stop early once it is full.
 */
export class TextBudget {
  private readonly collected: TextSection[] = [];
  private used = 0;
  private cut = false;

  constructor(readonly maxChars: number) {}

  get full(): boolean {
    return this.used >= this.maxChars;
  }

  /** True when text was dropped because the limit was reached. */
  get truncated(): boolean {
    return this.cut;
  }

  get size(): number {
    return this.used;
  }

  add(section: TextSection): void {
    // PostgreSQL text cannot hold NUL characters, which some extractors pass through.
    const text = section.text.split(String.fromCharCode(0)).join('');
    if (text.trim().length === 0) return;
    const room = this.maxChars - this.used;
    if (room <= 0) {
      this.cut = true;
      return;
    }
    const kept = text.length > room ? text.slice(0, room) : text;
    if (kept.length < text.length) this.cut = true;
    this.collected.push({ ...section, text: kept });
    this.used += kept.length;
  }

  sections(): TextSection[] {
    return [...this.collected];
  }
}
