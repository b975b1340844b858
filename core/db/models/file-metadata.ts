import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import { AI_STATUSES, FILE_STATES, type AiStatus, type FileState } from '../../file-states';

/** Summary and tags written by the AI metadata pipeline. */
export interface AiMetadata {
  summary: string;
  tags: string[];
  categories: string[];
  language?: string;
  pipelineVersion: string;
  models: Record<string, string>;
  /** The content the metadata was made from, so that a later run can tell it is current. */
  contentSha256?: string;
  /** Set when the text was longer than AI_MAX_TEXT_CHARS: the characters that were indexed. */
  truncatedAt?: number;
}

export class FileMetadata extends Model<
  InferAttributes<FileMetadata>,
  InferCreationAttributes<FileMetadata>
> {
  declare id: string;
  declare workspaceId: string;
  declare sourceType: string;
  declare sourceId: string;
  declare storageKey: string;
  declare filename: string;
  declare contentType: string;
  declare declaredSizeBytes: number | null;
  declare sizeBytes: CreationOptional<number | null>;
  declare detectedContentType: CreationOptional<string | null>;
  declare uploadedById: string | null;
  declare status: CreationOptional<FileState>;
  declare statusReason: CreationOptional<string | null>;
  declare aiStatus: CreationOptional<AiStatus>;
  declare aiStatusReason: CreationOptional<string | null>;
  declare aiMetadata: CreationOptional<AiMetadata | null>;
  declare aiPipelineVersion: CreationOptional<string | null>;
  declare contentSha256: CreationOptional<string | null>;
  declare workflowId: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
  declare readyAt: CreationOptional<Date | null>;
  declare deletedAt: CreationOptional<Date | null>;
}

/** pg returns bigint columns as strings; sizes here stay far below 2^53. */
const bigintAsNumber = (column: string) => ({
  type: DataTypes.BIGINT,
  allowNull: true,
  get(this: FileMetadata): number | null {
    const raw = this.getDataValue(column as 'sizeBytes') as unknown;
    return raw === null || raw === undefined ? null : Number(raw);
  },
});

/**
 * Defines the model on one Sequelize instance. Each call binds a subclass of its own, so that two
 * databases in one process (tests run several) never share, or close, each other's pool.
 */
export function initFileMetadata(sequelize: Sequelize): typeof FileMetadata {
  const Bound = class extends FileMetadata {};
  Bound.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      workspaceId: { type: DataTypes.TEXT, allowNull: false },
      sourceType: { type: DataTypes.TEXT, allowNull: false },
      sourceId: { type: DataTypes.TEXT, allowNull: false },
      storageKey: { type: DataTypes.TEXT, allowNull: false, unique: true },
      filename: { type: DataTypes.TEXT, allowNull: false },
      contentType: { type: DataTypes.TEXT, allowNull: false },
      declaredSizeBytes: bigintAsNumber('declaredSizeBytes'),
      sizeBytes: bigintAsNumber('sizeBytes'),
      detectedContentType: { type: DataTypes.TEXT, allowNull: true },
      uploadedById: { type: DataTypes.TEXT, allowNull: true },
      status: {
        type: DataTypes.TEXT,
        allowNull: false,
        defaultValue: 'awaiting_upload',
        validate: { isIn: [FILE_STATES as unknown as string[]] },
      },
      statusReason: { type: DataTypes.TEXT, allowNull: true },
      aiStatus: {
        type: DataTypes.TEXT,
        allowNull: false,
        defaultValue: 'not_requested',
        validate: { isIn: [AI_STATUSES as unknown as string[]] },
      },
      aiStatusReason: { type: DataTypes.TEXT, allowNull: true },
      aiMetadata: { type: DataTypes.JSONB, allowNull: true },
      aiPipelineVersion: { type: DataTypes.TEXT, allowNull: true },
      contentSha256: { type: DataTypes.TEXT, allowNull: true },
      workflowId: { type: DataTypes.TEXT, allowNull: false },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
      readyAt: { type: DataTypes.DATE, allowNull: true },
      deletedAt: { type: DataTypes.DATE, allowNull: true },
    },
    // Soft deletes are explicit (deletedAt set by the workflow), not Sequelize's paranoid mode,
    // so that readers decide whether they want deleted rows.
    { sequelize, modelName: 'FileMetadata', tableName: 'file_metadata', underscored: true },
  );
  return Bound;
}
