import type { CpuJob, CpuJobResult, CpuThreadMessage } from './cpu-thread';
import { startThread } from './thread';

/** An error thrown by the job inside the thread, with the name it had there. */
export class CpuJobFailed extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * Runs one CPU-bound job in a thread of its own and answers its result. The thread is ended
 * afterwards whatever happened, and at once when `signal` aborts (the activity was cancelled),
 * so a parser busy with a hostile file is never left running.
 */
export async function runOffThread<J extends CpuJob>(
  job: J,
  signal?: AbortSignal,
): Promise<CpuJobResult<J>> {
  signal?.throwIfAborted();
  const thread = startThread(__filename, 'cpu-thread', job);
  let onAbort: (() => void) | undefined;
  try {
    return await new Promise<CpuJobResult<J>>((resolve, reject) => {
      thread.once('message', (message: CpuThreadMessage) => {
        if (message.kind === 'result') resolve(message.value as CpuJobResult<J>);
        else reject(new CpuJobFailed(message.name, message.message));
      });
      thread.once('error', reject);
      thread.once('exit', (code) => reject(new Error(`the job's thread exited (${code})`)));
      onAbort = () => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await thread.terminate();
  }
}

/** A job's own failure (the parser threw) as a refusal; anything else (a cancel) as it is. */
export function refuseJobFailure(refusal: Error) {
  return (error: unknown): never => {
    throw error instanceof CpuJobFailed ? refusal : error;
  };
}
