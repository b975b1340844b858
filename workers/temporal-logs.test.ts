import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../core/logger';
import { bundlerLogger, temporalLogger } from './temporal-logs';

interface Line {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A logger of the service whose JSON lines are kept for the test to read. */
function capturedLogger() {
  const lines: Line[] = [];
  const raw: string[] = [];
  const logger = createLogger({
    level: 'trace',
    name: 'test',
    destination: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Line);
      },
    },
  });
  return { logger, lines, raw };
}

async function failActivityWith(error: Error) {
  const captured = capturedLogger();
  const env = new MockActivityEnvironment(
    { activityType: 'verifyUpload', base64TaskToken: 'c2VjcmV0LXRhc2stdG9rZW4=' },
    { logger: temporalLogger(captured.logger) },
  );
  await expect(
    env.run(async () => {
      throw error;
    }),
  ).rejects.toBe(error);
  return captured;
}

describe("the Temporal SDK's logs", () => {
  it('tell an expected refusal at info, by its code, without the task token', async () => {
    const refusal = ApplicationFailure.create({
      type: 'FILE_TOO_LARGE',
      message: 'The object is larger than declared.',
      nonRetryable: true,
    });

    const { lines, raw } = await failActivityWith(refusal);

    const line = lines.find((l) => l.msg === 'activity refused');
    expect(line).toMatchObject({ level: 'info', code: 'FILE_TOO_LARGE' });
    expect(line).toHaveProperty('activityType', 'verifyUpload');
    expect(lines.filter((l) => l.level === 'warn')).toEqual([]);
    expect(raw.join('')).not.toContain('c2VjcmV0LXRhc2stdG9rZW4=');
  });

  it('keep a real failure a warning, with its error, still without the task token', async () => {
    const { lines, raw } = await failActivityWith(new Error('the store did not answer'));

    const line = lines.find((l) => l.msg === 'Activity failed');
    expect(line).toMatchObject({ level: 'warn', err: { message: 'the store did not answer' } });
    expect(raw.join('')).not.toContain('c2VjcmV0LXRhc2stdG9rZW4=');
  });

  it('keep a retryable failure with a catalogue code a warning too', async () => {
    const unavailable = ApplicationFailure.create({
      type: 'DEPENDENCY_UNAVAILABLE',
      message: 'PostgreSQL is not reachable.',
    });

    const { lines } = await failActivityWith(unavailable);

    expect(lines.find((l) => l.msg === 'Activity failed')).toMatchObject({ level: 'warn' });
  });

  it('say at debug, not warn, that a worker without workflows polls none', async () => {
    const { logger, lines } = capturedLogger();
    Runtime.install({ logger: temporalLogger(logger) });
    const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
    const worker = await Worker.create({
      connection,
      namespace: process.env.TEMPORAL_NAMESPACE,
      taskQueue: `logs-${randomUUID()}`,
      activities: { idle: async () => undefined },
    });

    await worker.runUntil(new Promise((resolve) => setTimeout(resolve, 500)));
    await connection.close();

    expect(lines.find((l) => l.msg.startsWith('No workflows registered'))).toMatchObject({
      level: 'debug',
    });
    expect(lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
  });

  it("put the bundler's multi-KB build report at debug, not info", async () => {
    const { logger, lines } = capturedLogger();

    await bundleWorkflowCode({
      workflowsPath: require.resolve('../workflows'),
      logger: bundlerLogger(logger),
    });

    const report = lines.find((l) => l.msg.includes('workflow-bundle'));
    expect(report?.level).toBe('debug');
    expect(report?.msg.length).toBeGreaterThan(1000);
    expect(lines.filter((l) => l.level !== 'debug' && l.level !== 'trace')).toEqual([]);
  });
});
