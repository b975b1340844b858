import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** Width of the embedding column; smaller models are zero-padded to it. */
export const EMBEDDING_DIMENSIONS = 1024;

export class FileEmbedding extends Model<
  InferAttributes<FileEmbedding>,
  InferCreationAttributes<FileEmbedding>
> {
  declare id: CreationOptional<number>;
  declare fileId: string;
  declare workspaceId: string;
  declare chunkIndex: number;
  declare page: number | null;
  /** Where the chunk came from when a page number cannot say it, e.g. a workbook's sheet. */
  declare section: CreationOptional<string | null>;
  declare content: string;
  declare embedding: number[];
  declare model: string;
  declare contentSha256: string | null;
  declare createdAt: CreationOptional<Date>;
}

/**
 * Defines the model on one Sequelize instance. Each call binds a subclass of its own, so that two
 * databases in one process (tests run several) never share, or close, each other's pool.
 */
export function initFileEmbedding(sequelize: Sequelize): typeof FileEmbedding {
  const Bound = class extends FileEmbedding {};
  Bound.init(
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      fileId: { type: DataTypes.UUID, allowNull: false },
      workspaceId: { type: DataTypes.TEXT, allowNull: false },
      chunkIndex: { type: DataTypes.INTEGER, allowNull: false },
      page: { type: DataTypes.INTEGER, allowNull: true },
      section: { type: DataTypes.TEXT, allowNull: true },
      content: { type: DataTypes.TEXT, allowNull: false },
      // Registered by pgvector/sequelize in ../sequelize.ts.
      embedding: {
        type: (DataTypes as unknown as { VECTOR: (n: number) => DataTypes.DataType }).VECTOR(
          EMBEDDING_DIMENSIONS,
        ),
        allowNull: false,
      },
      model: { type: DataTypes.TEXT, allowNull: false },
      contentSha256: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    {
      sequelize,
      modelName: 'FileEmbedding',
      tableName: 'file_embeddings',
      underscored: true,
      updatedAt: false,
    },
  );
  return Bound;
}
