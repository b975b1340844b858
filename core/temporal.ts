import { Client, Connection } from '@temporalio/client';
import type { Config } from './config';

/** Opens a client connection to the Temporal frontend named in the configuration. */
export async function connectTemporalClient(config: Config['temporal']): Promise<Client> {
  const connection = await Connection.connect({ address: config.address });
  return new Client({ connection, namespace: config.namespace });
}
