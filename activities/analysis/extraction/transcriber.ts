import { createReadStream } from 'node:fs';
import OpenAI from 'openai';
import type { AiConfig } from '../../../core/ai-config';

/** Speech to text for audio and video; only exists when a provider is configured. */
export interface Transcriber {
  model: string;
  /** Files above this size are described by their metadata alone. */
  maxBytes: number;
  transcribe(filePath: string, filename: string): Promise<string>;
}

/** Any OpenAI-compatible `/audio/transcriptions` endpoint (OpenAI, a local whisper server). */
export function createTranscriber(ai: AiConfig): Transcriber | undefined {
  if (ai.transcription.provider === 'none') return undefined;
  const client = new OpenAI({
    apiKey: ai.openai.apiKey ?? 'not-needed',
    baseURL: ai.openai.baseUrl,
    maxRetries: 2,
  });
  return {
    model: `openai/${ai.transcription.model}`,
    maxBytes: ai.transcription.maxBytes,
    async transcribe(filePath, filename) {
      const file = await OpenAI.toFile(createReadStream(filePath), filename);
      const result = await client.audio.transcriptions.create({
        file,
        model: ai.transcription.model,
        response_format: 'json',
      });
      return result.text;
    },
  };
}
