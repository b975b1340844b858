import {
  defineSearchAttributeKey,
  SearchAttributeType,
  type SearchAttributePair,
} from '@temporalio/common';
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

type FileParent = Pick<FileWorkflowInput, 'workspaceId' | 'sourceType' | 'sourceId'>;

/** The parent's attributes, which a parent's deletion carries too. */
export function parentSearchAttributes(parent: FileParent): SearchAttributePair[] {
  return [
    { key: WORKSPACE_ID, value: parent.workspaceId },
    { key: SOURCE_TYPE, value: parent.sourceType },
    { key: SOURCE_ID, value: parent.sourceId },
  ];
}

/**
 * Every attribute operators filter files by. Starters set them when they start a file's
 * workflow, so that the file is findable from its first moment; the workflow sets them again.
 */
export function fileSearchAttributes(file: FileParent, state: FileState): SearchAttributePair[] {
  return [...parentSearchAttributes(file), { key: FILE_STATUS, value: state }];
}

/**
 * Done at the start of each run, even though starters usually set the attributes already, so
 * that a workflow started any other way is findable too.
 */
export function publishFileAttributes(input: FileWorkflowInput, state: FileState): void {
  upsertSearchAttributes(fileSearchAttributes(input, state));
}

export function publishFileStatus(state: FileState): void {
  upsertSearchAttributes([{ key: FILE_STATUS, value: state }]);
}
