import { Sequelize } from 'sequelize';
import { createMigrator } from '../core/db/migrator';
import { testConfig } from '../test/support/runtime';

/** Runs the migrations in a database of their own so other tests' tables are untouched. */
const SCRATCH_DB = 'migration_check';

let admin: Sequelize;
let scratch: Sequelize;

beforeAll(async () => {
  const url = new URL(testConfig().database.url);
  admin = new Sequelize(url.toString(), { logging: false });
  await admin.query(`drop database if exists ${SCRATCH_DB}`);
  await admin.query(`create database ${SCRATCH_DB}`);
  url.pathname = `/${SCRATCH_DB}`;
  scratch = new Sequelize(url.toString(), { logging: false });
});

afterAll(async () => {
  await scratch.close();
  await admin.query(`drop database if exists ${SCRATCH_DB}`);
  await admin.close();
});

async function tables(): Promise<string[]> {
  const [rows] = await scratch.query(
    `select table_name from information_schema.tables
      where table_schema = 'public' and table_name like 'file_%' order by table_name`,
  );
  return (rows as { table_name: string }[]).map((r) => r.table_name);
}

async function indexes(): Promise<string[]> {
  const [rows] = await scratch.query(
    `select indexdef from pg_indexes where tablename = 'file_embeddings'`,
  );
  return (rows as { indexdef: string }[]).map((r) => r.indexdef);
}

describe('migrations', () => {
  it('go up from nothing, down to nothing, and up again', async () => {
    const migrator = createMigrator(scratch);

    await migrator.up();
    expect(await tables()).toEqual(['file_embeddings', 'file_metadata']);
    expect((await migrator.pending()).length).toBe(0);

    await migrator.down({ to: 0 });
    expect(await tables()).toEqual([]);
    expect((await migrator.executed()).length).toBe(0);

    await migrator.up();
    expect(await tables()).toEqual(['file_embeddings', 'file_metadata']);
  });

  it('create a 1024-dimension vector column with an HNSW cosine index', async () => {
    await createMigrator(scratch).up();

    const [columns] = await scratch.query(
      `select format_type(atttypid, atttypmod) as type from pg_attribute
        where attrelid = 'file_embeddings'::regclass and attname = 'embedding'`,
    );
    expect(columns).toEqual([{ type: 'vector(1024)' }]);
    expect(await indexes()).toEqual(
      expect.arrayContaining([expect.stringMatching(/USING hnsw \(embedding vector_cosine_ops\)/)]),
    );
  });

  it('refuse a source type that is not a short snake_case slug', async () => {
    await createMigrator(scratch).up();

    const insert = scratch.query(
      `insert into file_metadata (id, workspace_id, source_type, source_id, storage_key,
         filename, content_type, workflow_id)
       values (gen_random_uuid(), 'ws', 'Bad-Type', 's', 'k', 'f', 'text/plain', 'w')`,
    );
    await expect(insert).rejects.toThrow(/file_metadata_source_type_slug/);
  });
});
