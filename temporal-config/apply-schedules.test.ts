import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Config } from '../core/config';
import { createLogger } from '../core/logger';
import { connectTemporalClient } from '../core/temporal';
import { testConfig } from '../test/support/runtime';
import { applySchedules } from './apply-schedules';
import { declaredSchedules, type ScheduleDeclaration } from './schedules';

const logger = createLogger({ level: 'silent', name: 'test' });
let client: Client;
const created: string[] = [];

beforeAll(async () => {
  client = await connectTemporalClient(testConfig().temporal);
});

afterAll(async () => {
  for (const id of created) {
    await client.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
  }
  await client.connection.close();
});

/** The real declarations under ids of this test's own, so that tests never share a schedule. */
function declarationsFor(config: Config): ScheduleDeclaration[] {
  const suffix = randomUUID().slice(0, 8);
  return declaredSchedules(config).map((d) => {
    created.push(`${d.scheduleId}-${suffix}`);
    return { ...d, scheduleId: `${d.scheduleId}-${suffix}` };
  });
}

const apply = (config: Config, declarations: ScheduleDeclaration[]) =>
  applySchedules(client, config, logger, declarations);

describe('applying the declared schedules', () => {
  it('creates the nightly backfill once; a second apply changes nothing', async () => {
    const config = testConfig();
    const declarations = declarationsFor(config);
    const id = declarations[0]!.scheduleId;

    const first = await apply(config, declarations);
    const before = await client.schedule.getHandle(id).describe();
    const second = await apply(config, declarations);
    const after = await client.schedule.getHandle(id).describe();

    expect(first).toEqual({ [id]: 'created' });
    expect(second).toEqual({ [id]: 'unchanged' });
    expect(after.info.lastUpdatedAt).toEqual(before.info.lastUpdatedAt);
    expect(after.policies).toMatchObject({ overlap: 'SKIP', catchupWindow: 3_600_000 });
    expect(after.action).toMatchObject({
      workflowType: 'backfillAllWorkspaces',
      workflowExecutionTimeout: 20 * 3_600_000,
      taskQueue: config.temporal.taskQueues.uploads,
      args: [
        {
          maxConcurrentWorkspaces: config.backfill.maxConcurrentWorkspaces,
          workspace: { filesPerMinute: config.backfill.filesPerMinute },
        },
      ],
    });
    const next = after.info.nextActionTimes[0]!;
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 0]);
  });

  it('updates a schedule whose spec changed, keeping an operator’s pause', async () => {
    const config = testConfig();
    const declarations = declarationsFor(config);
    const id = declarations[0]!.scheduleId;
    await apply(config, declarations);
    await client.schedule.getHandle(id).pause('paused by an operator');

    const changed = testConfig({ BACKFILL_SCHEDULE_CRON: '30 4 * * *' });
    const respec = declaredSchedules(changed).map((d) => ({ ...d, scheduleId: id }));
    const outcome = await apply(changed, respec);
    const again = await apply(changed, respec);

    expect(outcome).toEqual({ [id]: 'updated' });
    expect(again).toEqual({ [id]: 'unchanged' });
    const described = await client.schedule.getHandle(id).describe();
    expect(described.state).toMatchObject({ paused: true, note: 'paused by an operator' });
    const next = described.info.nextActionTimes[0]!;
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([4, 30]);
  });

  it('updates the workflow arguments when a backfill setting changed', async () => {
    const config = testConfig();
    const declarations = declarationsFor(config);
    const id = declarations[0]!.scheduleId;
    await apply(config, declarations);

    const faster = testConfig({ BACKFILL_FILES_PER_MINUTE: '20' });
    const outcome = await apply(
      faster,
      declaredSchedules(faster).map((d) => ({ ...d, scheduleId: id })),
    );

    expect(outcome).toEqual({ [id]: 'updated' });
    const described = await client.schedule.getHandle(id).describe();
    expect(described.action.args).toMatchObject([{ workspace: { filesPerMinute: 20 } }]);
  });

  it('restores a schedule edited away from its declaration, keeping its pause', async () => {
    const config = testConfig();
    const declarations = declarationsFor(config);
    const id = declarations[0]!.scheduleId;
    await apply(config, declarations);
    const handle = client.schedule.getHandle(id);
    await handle.pause('paused by an operator');
    await handle.update((previous) => ({
      ...previous,
      spec: { cronExpressions: ['15 13 * * *'], timezone: 'UTC' },
    }));

    const outcome = await apply(config, declarations);
    const again = await apply(config, declarations);

    expect(outcome).toEqual({ [id]: 'restored' });
    expect(again).toEqual({ [id]: 'unchanged' });
    const described = await handle.describe();
    expect(described.state.paused).toBe(true);
    const next = described.info.nextActionTimes[0]!;
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 0]);
  });
});
