import { Context } from '@temporalio/activity';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SummaryParts } from './summary/summarizer';

/**
 * The heartbeat details of a run. Temporal hands the last ones to the next attempt, which
 * resumes from them: the staged chunks say which embeddings are paid for, these say how far the
 * attempt had come and carry the summary once made (an LLM call is not paid for twice).
 */
export interface AnalysisProgress {
  pipelineVersion: string;
  phase: 'extracting' | 'embedding' | 'summarizing' | 'publishing';
  step?: string;
  chunkCount?: number;
  embedded?: number;
  summary?: SummaryParts & { model: string };
  /** What a resumed attempt cannot learn from the staged chunks: who read the file, and... */
  readers?: Record<string, string>;
  /** ...how many characters of text were kept when the text budget cut the rest. */
  truncatedAt?: number;
}

export interface ProgressReporter {
  /** The details the previous attempt last reported, when this is a retry. */
  previous?: AnalysisProgress;
  attempt: number;
  /** Heartbeats, lets queued work run, and throws once the activity is cancelled. */
  beat(update: Partial<AnalysisProgress>): Promise<void>;
  /**
   * Awaits one long step (a provider call, a model run) while heartbeating the last details
   * every interval, so that the step may take longer than the heartbeat timeout. The step gets
   * the activity's cancellation signal, to stop early where it can.
   */
  during<T>(step: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

export function createProgressReporter(
  pipelineVersion: string,
  keepAliveMs: number,
): ProgressReporter {
  const context = Context.current();
  const previous = context.info.heartbeatDetails as AnalysisProgress | undefined;
  let current: AnalysisProgress = { pipelineVersion, phase: 'extracting' };
  return {
    previous: previous?.pipelineVersion === pipelineVersion ? previous : undefined,
    attempt: context.info.attempt,
    async beat(update) {
      current = { ...current, ...update };
      // The SDK throttles the calls it sends; calling often only keeps the latest details fresh.
      context.heartbeat(current);
      await nextTurn();
      context.cancellationSignal.throwIfAborted();
    },
    async during(step) {
      context.heartbeat(current);
      const timer = setInterval(() => context.heartbeat(current), keepAliveMs);
      try {
        return await step(context.cancellationSignal);
      } finally {
        clearInterval(timer);
      }
    },
  };
}
