/**
 * States of a file's life and of its AI metadata. Pure constants: workflow code imports them,
 * so this module must stay free of side effects and Node built-ins. The strings are stored in
 * the database and in workflow histories: add new ones, never rename.
 */
export const FILE_STATES = [
  'awaiting_upload',
  'verifying',
  'ready',
  'rejected',
  'abandoned',
  'deleted',
] as const;
export type FileState = (typeof FILE_STATES)[number];

export const AI_STATUSES = ['not_requested', 'pending', 'running', 'done', 'failed'] as const;
export type AiStatus = (typeof AI_STATUSES)[number];
