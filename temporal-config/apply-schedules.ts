import { createHash } from 'node:crypto';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type Client,
  type ScheduleDescription,
  type ScheduleOptions,
} from '@temporalio/client';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { declaredSchedules, type ScheduleDeclaration } from './schedules';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Where a schedule remembers which declaration it was made from. The server rewrites specs into
 * its own form (a cron string comes back as calendar ranges), so comparing descriptions field by
 * field would see changes that are not there; a fingerprint of the declaration does not.
 */
const FINGERPRINT_MEMO = 'scheduleDeclaration';

/**
 * Makes the cluster's schedules match the declarations: creates missing ones, updates those
 * whose declaration changed (keeping an operator's pause and note), and leaves the rest alone,
 * so running it twice changes nothing the second time. Schedules no longer declared are left
 * too: deleting one is an operator's decision.
 */
export async function applySchedules(
  client: Client,
  config: Config,
  logger: Logger,
  declarations: ScheduleDeclaration[] = declaredSchedules(config),
): Promise<Record<string, ApplyOutcome>> {
  const outcomes: Record<string, ApplyOutcome> = {};
  for (const declaration of declarations) {
    const outcome = await applyOne(client, declaration);
    outcomes[declaration.scheduleId] = outcome;
    logger.info({ scheduleId: declaration.scheduleId, outcome }, 'schedule applied');
  }
  return outcomes;
}

async function applyOne(client: Client, declaration: ScheduleDeclaration): Promise<ApplyOutcome> {
  const fingerprint = fingerprintOf(declaration);
  const handle = client.schedule.getHandle(declaration.scheduleId);

  let current = await describeIfExists(client, declaration.scheduleId);
  if (!current) {
    try {
      await client.schedule.create({
        scheduleId: declaration.scheduleId,
        ...wantedOf(declaration, fingerprint),
        state: { note: `Declared in temporal-config/schedules.ts: ${declaration.summary}` },
      });
      return 'created';
    } catch (err) {
      // Another apply (a second `npm run dev`) created it meanwhile: compare with theirs.
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      current = await handle.describe();
    }
  }

  if (current.action.memo?.[FINGERPRINT_MEMO] === fingerprint) return 'unchanged';
  await handle.update((previous) => ({
    ...wantedOf(declaration, fingerprint),
    state: {
      paused: previous.state.paused,
      note: previous.state.note,
      remainingActions: previous.state.remainingActions,
    },
  }));
  return 'updated';
}

async function describeIfExists(
  client: Client,
  scheduleId: string,
): Promise<ScheduleDescription | undefined> {
  try {
    return await client.schedule.getHandle(scheduleId).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

/** What the declaration decides; the state (paused, note) belongs to operators once created. */
function wantedOf(
  declaration: ScheduleDeclaration,
  fingerprint: string,
): Pick<ScheduleOptions, 'spec' | 'action' | 'policies'> {
  return {
    spec: declaration.spec,
    action: {
      type: 'startWorkflow',
      workflowType: declaration.workflowType,
      workflowId: declaration.workflowId,
      taskQueue: declaration.taskQueue,
      args: declaration.args,
      memo: { [FINGERPRINT_MEMO]: fingerprint },
      staticSummary: declaration.summary,
    },
    policies: { overlap: declaration.overlap, catchupWindow: declaration.catchupWindow },
  };
}

function fingerprintOf(declaration: ScheduleDeclaration): string {
  return createHash('sha256').update(JSON.stringify(declaration)).digest('hex').slice(0, 16);
}
