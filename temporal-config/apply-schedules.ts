import { createHash } from 'node:crypto';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type Client,
  type ScheduleDescription,
  type ScheduleHandle,
  type ScheduleOptions,
} from '@temporalio/client';
import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import { declaredSchedules, type ScheduleDeclaration } from './schedules';

/** `restored`: the declaration had not changed, but the schedule had been edited away from it. */
export type ApplyOutcome = 'created' | 'updated' | 'restored' | 'unchanged';

/**
 * Where a schedule remembers which declaration it was made from. The server rewrites specs into
 * its own form (a cron string comes back as calendar ranges), so comparing a description with a
 * declaration would see changes that are not there; a fingerprint of the declaration does not.
 */
const FINGERPRINT_MEMO = 'scheduleDeclaration';

/**
 * Where it remembers what the server held right after the last apply: a description that no
 * longer matches it was edited since (in the UI, with the CLI), which the apply undoes.
 */
const DESCRIBED_MEMO = 'scheduleDescribed';

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
      await rememberDescription(handle);
      return 'created';
    } catch (err) {
      // Another apply (a second `npm run dev`) created it meanwhile: compare with theirs.
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      current = await handle.describe();
    }
  }

  const memo = current.action.memo ?? {};
  const declarationChanged = memo[FINGERPRINT_MEMO] !== fingerprint;
  if (!declarationChanged && memo[DESCRIBED_MEMO] === describedFingerprintOf(current)) {
    return 'unchanged';
  }
  await handle.update((previous) => ({
    ...wantedOf(declaration, fingerprint),
    state: {
      paused: previous.state.paused,
      note: previous.state.note,
      remainingActions: previous.state.remainingActions,
    },
  }));
  await rememberDescription(handle);
  return declarationChanged ? 'updated' : 'restored';
}

/**
 * Stores the fingerprint of the schedule as the server now holds it, in its action's memo. The
 * server fills in defaults (the action's priority) when it stores an update, so the description
 * an update starts from is not always the one it leaves: store again until they agree.
 */
async function rememberDescription(handle: ScheduleHandle): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const current = await handle.describe();
    const described = describedFingerprintOf(current);
    if (current.action.memo?.[DESCRIBED_MEMO] === described) return;
    await handle.update((previous) => ({
      ...previous,
      action: {
        ...previous.action,
        memo: { ...previous.action.memo, [DESCRIBED_MEMO]: described },
      },
    }));
  }
}

/** What an operator could edit: spec, action (but its memo) and policies; not run info. */
function describedFingerprintOf(described: ScheduleDescription): string {
  const action = { ...described.action, memo: undefined };
  return hashOf({ spec: described.spec, action, policies: described.policies });
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
      workflowExecutionTimeout: declaration.executionTimeout,
    },
    policies: { overlap: declaration.overlap, catchupWindow: declaration.catchupWindow },
  };
}

function fingerprintOf(declaration: ScheduleDeclaration): string {
  return hashOf(declaration);
}

/** A hash of a value's JSON with object keys sorted, so that key order never counts. */
function hashOf(value: unknown): string {
  const sorted = JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
  return createHash('sha256').update(sorted).digest('hex').slice(0, 16);
}
