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
 * afterwards whatever happened, so a parser stuck on a hostile file is not left running.
 */
export async function runOffThread<J extends CpuJob>(job: J): Promise<CpuJobResult<J>> {
  const thread = startThread(__filename, 'cpu-thread', job);
  try {
    return await new Promise<CpuJobResult<J>>((resolve, reject) => {
      thread.once('message', (message: CpuThreadMessage) => {
        if (message.kind === 'result') resolve(message.value as CpuJobResult<J>);
        else reject(new CpuJobFailed(message.name, message.message));
      });
      thread.once('error', reject);
      thread.once('exit', (code) => reject(new Error(`the job's thread exited (${code})`)));
    });
  } finally {
    await thread.terminate();
  }
}
