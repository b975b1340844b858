import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { FileState } from '../../core/file-states';
import type { SearchAttributeName } from '../../temporal-config/search-attributes';
import type { FileWorkflowInput } from './definitions';

const keyword = (name: SearchAttributeName) =>
  defineSearchAttributeKey(name, SearchAttributeType.KEYWORD);

const WORKSPACE_ID = keyword('WorkspaceId');
const SOURCE_TYPE = keyword('SourceType');
const SOURCE_ID = keyword('SourceId');
const FILE_STATUS = keyword('FileStatus');

/**
 * Sets every attribute operators filter files by. Done at the start of each run, even though
 * starters usually set them already, so that a workflow started any other way is findable too.
 */
export function publishFileAttributes(input: FileWorkflowInput, state: FileState): void {
  upsertSearchAttributes([
    { key: WORKSPACE_ID, value: input.workspaceId },
    { key: SOURCE_TYPE, value: input.sourceType },
    { key: SOURCE_ID, value: input.sourceId },
    { key: FILE_STATUS, value: state },
  ]);
}

export function publishFileStatus(state: FileState): void {
  upsertSearchAttributes([{ key: FILE_STATUS, value: state }]);
}
