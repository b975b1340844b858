import { temporal } from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import type { Config } from '../core/config';

const { TaskQueueType } = temporal.api.enums.v1;

/**
 * Whether every worker of the service polls its task queue: the uploads queue for workflow and
 * activity tasks, the analysis queue for activity tasks. Pollers seen before `since` belong to
 * an earlier run (the server remembers them for minutes) and do not count.
 */
export async function workersPolling(
  client: Client,
  config: Config['temporal'],
  since: Date,
): Promise<boolean> {
  const { uploads, analysis } = config.taskQueues;
  const wanted = [
    { queue: uploads, type: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW },
    { queue: uploads, type: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY },
    { queue: analysis, type: TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY },
  ];
  const answers = await Promise.all(
    wanted.map(({ queue, type }) =>
      client.workflowService.describeTaskQueue({
        namespace: config.namespace,
        taskQueue: { name: queue },
        taskQueueType: type,
      }),
    ),
  );
  return answers.every((answer) =>
    (answer.pollers ?? []).some(
      (poller) => secondsOf(poller.lastAccessTime) >= since.getTime() / 1000,
    ),
  );
}

function secondsOf(time: { seconds?: unknown } | null | undefined): number {
  return Number(time?.seconds ?? 0);
}
