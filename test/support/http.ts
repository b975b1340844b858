import type { Client } from '@temporalio/client';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { lazyQueryEmbedder } from '../../api/query-embedder';
import { signToken } from '../../core/auth';
import type { Config } from '../../core/config';
import { buildRuntime, type Runtime } from '../../core/runtime';
import { connectTemporalClient } from '../../core/temporal';
import { testConfig } from './runtime';

/** Response bodies are read as loosely as a client reads them; the assertions check shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  method?: string;
  /** A JSON body; FormData and strings are sent as they are. */
  body?: unknown;
  /** Bearer token; defaults to the token of the test's own user. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface TestApi {
  /** Base URL of the app, e.g. http://127.0.0.1:PORT */
  url: string;
  config: Config;
  runtime: Runtime;
  temporal: Client;
  /** A token for a user who belongs to the given workspaces. */
  tokenFor(userId: string, workspaces: string[]): string;
  call<T = Json>(path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

/**
 * The real app on a free loopback port, wired to the test stack's database, store and Temporal,
 * as api/main.ts wires it. `call` sends requests as `defaultUser` unless told otherwise.
 */
export async function startTestApi(
  defaultUser: { userId: string; workspaces: string[] },
  overrides: Record<string, string> = {},
  /** A whole configuration instead (an uploads worker's, with its own task queues). */
  config: Config = testConfig(overrides),
): Promise<TestApi> {
  const runtime = buildRuntime(config, 'api-test');
  const temporal = await connectTemporalClient(config.temporal);
  const queryEmbedder = lazyQueryEmbedder(config.ai);
  const app = createApp({ ...runtime, temporal, queryEmbedder });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tokenFor = (userId: string, workspaces: string[]) =>
    signToken({ userId, workspaces }, config.auth, 3600);
  const defaultToken = tokenFor(defaultUser.userId, defaultUser.workspaces);

  const call = async <T>(path: string, options: CallOptions = {}): Promise<ApiResponse<T>> => {
    const token = options.token === undefined ? defaultToken : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: RequestInit['body'];
    if (options.body instanceof FormData || typeof options.body === 'string') {
      body = options.body;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }

    const res = await fetch(`${url}${path}`, { method: options.method ?? 'GET', headers, body });
    const text = await res.text();
    const isJson = res.headers.get('content-type')?.includes('application/json');
    return { status: res.status, headers: res.headers, body: isJson ? JSON.parse(text) : text };
  };

  return {
    url,
    config,
    runtime,
    temporal,
    tokenFor,
    call,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await temporal.connection.close();
      await runtime.close();
      await queryEmbedder.close();
    },
  };
}
