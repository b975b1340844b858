/**
 * Every workflow the uploads worker hosts. The worker bundles this module (workflowsPath), so
 * it must export workflow functions only and stay free of side effects.
 */
export { fileLifecycleWorkflow } from './file-lifecycle/workflow';
export * from './backfill';
export { deleteSourceFilesWorkflow } from './source-deletion/workflow';
