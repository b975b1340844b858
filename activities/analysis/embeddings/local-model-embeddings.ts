import { Embeddings } from '@langchain/core/embeddings';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startThread } from '../thread';
import type { ThreadInit, ThreadMessage } from './local-model-thread';

/**
 * Models this service knows the exact file of: a model file that differs from the pinned one
 * would silently change every vector, so start-up refuses it.
 */
const PINNED_MODEL_FILES: Record<string, string> = {
  'all-MiniLM-L6-v2': '8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6',
};

export interface LocalModelOptions {
  /** Directory holding `<modelName>/` as laid out by scripts/install-models.sh. */
  modelDir: string;
  modelName: string;
  maxTokens?: number;
  intraOpThreads?: number;
}

type Pending = { resolve: (vectors: number[][]) => void; reject: (error: Error) => void };

/** A sentence-embedding model from disk, run in a thread of its own, behind langchain's API. */
export class LocalModelEmbeddings extends Embeddings {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure?: Error;

  private constructor(
    private readonly thread: Worker,
    readonly dimensions: number,
  ) {
    super({ maxConcurrency: 1, maxRetries: 0 });
    thread.on('message', (message: ThreadMessage) => this.settle(message));
    thread.on('error', (error) => this.failAll(error));
    thread.on('exit', (code) => this.failAll(new Error(`the model thread exited (${code})`)));
  }

  static async start(options: LocalModelOptions): Promise<LocalModelEmbeddings> {
    const modelDir = path.resolve(options.modelDir);
    const modelFile = path.join(modelDir, options.modelName, 'onnx', 'model_quantized.onnx');
    await access(modelFile).catch(() => {
      throw new Error(`no local model at ${modelFile}: run scripts/setup.sh to install it`);
    });
    await checkPinnedFile(options.modelName, modelFile);

    const init: ThreadInit = {
      modelDir,
      modelName: options.modelName,
      maxTokens: options.maxTokens ?? 256,
      intraOpThreads: options.intraOpThreads ?? 1,
    };
    const thread = startThread(__filename, 'local-model-thread', init);
    const dimensions = await waitUntilReady(thread);
    // An idle model must not keep a process alive that has nothing else to do.
    thread.unref();
    return new LocalModelEmbeddings(thread, dimensions);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.thread.postMessage({ id, texts });
    });
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    return vector!;
  }

  async close(): Promise<void> {
    this.thread.removeAllListeners('exit');
    await this.thread.terminate();
    this.failAll(new Error('the local embedding model was closed'));
  }

  private settle(message: ThreadMessage): void {
    if (message.kind !== 'vectors' && message.kind !== 'error') return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.kind === 'error') {
      waiter.reject(new Error(message.message));
      return;
    }
    const { data, dimensions } = message;
    const vectors: number[][] = [];
    for (let offset = 0; offset < data.length; offset += dimensions) {
      vectors.push(Array.from(data.subarray(offset, offset + dimensions)));
    }
    waiter.resolve(vectors);
  }

  private failAll(error: Error): void {
    this.failure = error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}

async function checkPinnedFile(modelName: string, modelFile: string): Promise<void> {
  const expected = PINNED_MODEL_FILES[modelName];
  if (!expected) return;
  const hash = createHash('sha256');
  for await (const piece of createReadStream(modelFile)) hash.update(piece as Buffer);
  const actual = hash.digest('hex');
  if (actual !== expected) {
    throw new Error(`${modelFile} is not the pinned ${modelName} (sha256 ${actual})`);
  }
}

function waitUntilReady(thread: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ThreadMessage) => {
      if (message.kind === 'ready') {
        cleanUp();
        resolve(message.dimensions);
      } else if (message.kind === 'fatal') {
        cleanUp();
        void thread.terminate();
        reject(new Error(`the local embedding model did not load: ${message.message}`));
      }
    };
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const cleanUp = () => {
      thread.off('message', onMessage);
      thread.off('error', onError);
    };
    thread.on('message', onMessage);
    thread.on('error', onError);
  });
}
