import pgvector from 'pgvector/sequelize';
import { Sequelize } from 'sequelize';
import type { Logger } from '../logger';
import { initFileEmbedding } from './models/file-embedding';
import { initFileMetadata } from './models/file-metadata';

// The vector type must be known to Sequelize before any model uses it.
pgvector.registerTypes(Sequelize);

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  logger?: Logger;
}

/** Opens a pool (lazily, on first query) and defines the models on it. */
export function createDatabase(options: DatabaseOptions) {
  const sequelize = new Sequelize(options.url, {
    dialect: 'postgres',
    logging: options.logger ? (sql) => options.logger?.trace({ sql }, 'sql') : false,
    pool: { max: options.poolMax, min: 0, idle: 10_000 },
  });
  const FileMetadata = initFileMetadata(sequelize);
  const FileEmbedding = initFileEmbedding(sequelize);
  FileMetadata.hasMany(FileEmbedding, { foreignKey: 'fileId', as: 'embeddings' });
  FileEmbedding.belongsTo(FileMetadata, { foreignKey: 'fileId', as: 'file' });
  return { sequelize, models: { FileMetadata, FileEmbedding } };
}

export type Database = ReturnType<typeof createDatabase>;
export type Models = Database['models'];
