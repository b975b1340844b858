import busboy from 'busboy';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A stand-in for hosted model APIs on a free loopback port: the OpenAI-compatible routes the
 * pipeline calls (chat completions with tool calling, embeddings, audio transcriptions) and
 * Ollama's chat and embed routes. Every request is recorded; each route answers from a script
 * a test sets, or by default with something well formed.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface RecordedRequest {
  path: string;
  body: Json;
  /** For multipart requests: the size of the uploaded file part. */
  fileBytes?: number;
}

/** What a route answers: a status and a JSON body, after an optional delay. */
export interface Reply {
  status?: number;
  body: Json;
  delayMs?: number;
}

export type Script = (request: RecordedRequest) => Reply | Promise<Reply>;

/** A chat completion whose only content is a call of `name` with these arguments. */
export function toolCallReply(name: string, args: unknown): Reply {
  const argumentsText = typeof args === 'string' ? args : JSON.stringify(args);
  return {
    body: {
      id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: 'fake',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name, arguments: argumentsText } },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    },
  };
}

export const errorReply = (status: number, message = 'the fake is failing on purpose'): Reply => ({
  status,
  body: { error: { message, type: 'server_error', code: null } },
});

/**
 * A deterministic vector of `width` numbers: each word adds 1 to one slot chosen by its hash,
 * so that texts sharing words lie close together, as a test of search needs.
 */
export function wordVector(text: string, width: number): number[] {
  const vector = new Array<number>(width).fill(0);
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    vector[createHash('md5').update(word).digest().readUInt32LE(0) % width]! += 1;
  }
  if (!vector.some((v) => v !== 0)) vector[0] = 1;
  return vector;
}

function base64Floats(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

const defaultEmbeddings: Script = ({ body }) => {
  const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
  const width = body.dimensions ?? 1536;
  return {
    body: {
      object: 'list',
      model: body.model,
      data: inputs.map((text, index) => ({
        object: 'embedding',
        index,
        embedding:
          body.encoding_format === 'base64'
            ? base64Floats(wordVector(text, width))
            : wordVector(text, width),
      })),
      usage: { prompt_tokens: 1, total_tokens: 1 },
    },
  };
};

const defaultChat: Script = () =>
  toolCallReply('describe_file', {
    summary: 'A file described by the fake model.',
    tags: ['fake'],
    categories: ['testing'],
    language: 'en',
  });

const defaultOllamaEmbed: Script = ({ body }) => {
  const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
  return { body: { model: body.model, embeddings: inputs.map((t) => wordVector(t, 1024)) } };
};

const defaultOllamaChat: Script = ({ body }) => ({
  body: {
    model: body.model,
    created_at: new Date().toISOString(),
    message: {
      role: 'assistant',
      content: JSON.stringify({
        summary: 'A file described by the fake Ollama model.',
        tags: ['fake'],
        categories: ['testing'],
        language: 'en',
      }),
    },
    done: true,
    done_reason: 'stop',
  },
});

type Route =
  | '/v1/chat/completions'
  | '/v1/embeddings'
  | '/v1/audio/transcriptions'
  | '/api/chat'
  | '/api/embed';

export class FakeModelServer {
  readonly requests: RecordedRequest[] = [];
  private readonly scripts = new Map<Route, Script>();
  private readonly queues = new Map<Route, Reply[]>();

  private constructor(
    private readonly server: Server,
    /** The origin, e.g. http://127.0.0.1:PORT; OpenAI clients take `${origin}/v1`. */
    readonly origin: string,
  ) {}

  static async start(): Promise<FakeModelServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeModelServer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  get openAiBaseUrl(): string {
    return `${this.origin}/v1`;
  }

  /** The settings that point every provider of the pipeline at this server. */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      AI_OPENAI_BASE_URL: this.openAiBaseUrl,
      AI_OPENAI_API_KEY: 'sk-test',
      AI_OLLAMA_BASE_URL: this.origin,
      ...overrides,
    };
  }

  /** Answers every request to `route` with `script`, until replaced or reset. */
  on(route: Route, script: Script): this {
    this.scripts.set(route, script);
    return this;
  }

  /** Answers the next requests to `route` with these replies, in order, then the script. */
  queue(route: Route, ...replies: Reply[]): this {
    this.queues.set(route, [...(this.queues.get(route) ?? []), ...replies]);
    return this;
  }

  /** Forgets the recorded requests and every script and queued reply. */
  reset(): void {
    this.requests.length = 0;
    this.scripts.clear();
    this.queues.clear();
  }

  requestsTo(route: Route): RecordedRequest[] {
    return this.requests.filter((request) => request.path === route);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]! as Route;
    const recorded = await readRequest(path, req);
    this.requests.push(recorded);

    const reply = this.queues.get(path)?.shift() ?? (await this.scriptFor(path)?.(recorded));
    if (!reply) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no fake for ${path}` } }));
      return;
    }
    if (reply.delayMs) await sleep(reply.delayMs);
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  }

  private scriptFor(path: Route): Script | undefined {
    const own = this.scripts.get(path);
    if (own) return own;
    switch (path) {
      case '/v1/chat/completions':
        return defaultChat;
      case '/v1/embeddings':
        return defaultEmbeddings;
      case '/v1/audio/transcriptions':
        return () => ({ body: { text: 'A transcript made by the fake model.' } });
      case '/api/chat':
        return defaultOllamaChat;
      case '/api/embed':
        return defaultOllamaEmbed;
      default:
        return undefined;
    }
  }
}

async function readRequest(path: string, req: IncomingMessage): Promise<RecordedRequest> {
  if ((req.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
    return readMultipart(path, req);
  }
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  return { path, body: text ? JSON.parse(text) : {} };
}

/** The form's fields as the body, and the size of its file. */
function readMultipart(path: string, req: IncomingMessage): Promise<RecordedRequest> {
  return new Promise((resolve, reject) => {
    const body: Record<string, string> = {};
    let fileBytes = 0;
    const form = busboy({ headers: req.headers });
    form.on('field', (name, value) => (body[name] = value));
    form.on('file', (name, stream, info) => {
      body[name] = info.filename;
      stream.on('data', (part: Buffer) => (fileBytes += part.length));
    });
    form.on('close', () => resolve({ path, body, fileBytes }));
    form.on('error', reject);
    req.pipe(form);
  });
}
