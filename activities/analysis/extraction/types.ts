import type { AiConfig } from '../../../core/ai-config';
import type { OcrEngine } from './ocr';
import type { SourceObject } from './source-object';
import type { TextBudget } from './text-budget';
import type { Transcriber } from './transcriber';

/** A run of text and where it came from in the file. */
export interface TextSection {
  text: string;
  /** 1-based page, slide or sheet number where the format has one. */
  page?: number;
  /** A name for the place when a number cannot say it (a sheet's name). */
  section?: string;
}

export interface ExtractionInput {
  source: SourceObject;
  /** The type sniffed from the bytes, parameters removed and lower-cased. */
  contentType: string;
  filename: string;
  budget: TextBudget;
  limits: AiConfig['limits'];
  /** Heartbeats, lets other work run, and throws if the activity was cancelled. */
  progress(step: string): Promise<void>;
  /** Awaits a long step (a parser in a thread) while heartbeats go on; see ProgressReporter. */
  during<T>(step: (signal: AbortSignal) => Promise<T>): Promise<T>;
  ocr: OcrEngine;
  transcriber?: Transcriber;
}

/** One file format family; throws AnalysisRefusal for what it can never read. */
export interface Extractor {
  name: string;
  extract(input: ExtractionInput): Promise<void>;
}
