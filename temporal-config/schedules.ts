import type { Duration } from '@temporalio/common';
import type { ScheduleOverlapPolicy, ScheduleSpec } from '@temporalio/client';
import type { Config } from '../core/config';
import type * as backfillWorkflows from '../workflows/backfill';
import { backfillAllOptions } from './backfill-options';

/**
 * The Temporal Schedules this service runs, declared as data. `npm run schedules:apply` (and
 * `npm run dev`) make the cluster match: create what is missing, update what changed, leave
 * the rest. Arguments are taken from the settings when applying, so a changed setting reaches
 * the schedule at the next apply, not before.
 */
export interface ScheduleDeclaration {
  scheduleId: string;
  /** Shown to operators beside the schedule (the workflow's static summary). */
  summary: string;
  spec: ScheduleSpec;
  workflowType: keyof typeof backfillWorkflows;
  /** Temporal appends each run's scheduled time to this id. */
  workflowId: string;
  taskQueue: string;
  args: unknown[];
  overlap: ScheduleOverlapPolicy;
  catchupWindow: Duration;
  /** Bound on one started run, continue-as-new included. */
  executionTimeout: Duration;
}

export const BACKFILL_SCHEDULE_ID = 'backfill-all-workspaces';

export function declaredSchedules(config: Config): ScheduleDeclaration[] {
  return [
    {
      scheduleId: BACKFILL_SCHEDULE_ID,
      summary: 'Re-index the files of every workspace that need it',
      spec: { cronExpressions: [config.backfill.scheduleCron], timezone: 'UTC' },
      workflowType: 'backfillAllWorkspaces',
      workflowId: BACKFILL_SCHEDULE_ID,
      taskQueue: config.temporal.taskQueues.uploads,
      args: [backfillAllOptions(config)],
      // A backfill still running when the next one is due (a large first run) simply carries
      // on; the next one is skipped, never started beside it. Per-workspace child ids make two
      // backfills of one workspace impossible anyway, even with a manual start from the API.
      overlap: 'SKIP',
      // After an outage, a missed nightly run still starts if the cluster is back within the
      // hour; later than that it waits for the next night rather than load the day's traffic.
      catchupWindow: '1 hour',
      // Each workspace's child is bounded at 6 hours; the whole run at BACKFILL_RUN_TIMEOUT_HOURS,
      // below a day, so that a stuck run never makes the next night's one skip. Its children
      // are cancelled with it and resume, the next night, with the files still to index.
      executionTimeout: `${config.backfill.runTimeoutHours} hours`,
    },
  ];
}
