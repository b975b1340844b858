import { z } from 'zod';
import type { StackPorts } from './index';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/**
 * Ports of the embedded development stack. Each one is a setting so that two stacks can run
 * side by side; SeaweedFS's gRPC ports follow its own convention of HTTP port + 10000.
 */
const schema = z.object({
  TEMPORAL_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  TEMPORAL_HTTP_PORT: port(7243),
  TEMPORAL_METRICS_PORT: port(7244),
  POSTGRES_PORT: port(5433),
  S3_PORT: port(8333),
  SEAWEED_MASTER_PORT: port(9333),
  SEAWEED_VOLUME_PORT: port(8081),
  SEAWEED_FILER_PORT: port(8888),
});

export function stackPortsFrom(env: Record<string, string | undefined>): StackPorts {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid stack settings:\n  ${problems.join('\n  ')}`);
  }
  const s = parsed.data;
  return {
    temporal: s.TEMPORAL_PORT,
    temporalUi: s.TEMPORAL_UI_PORT,
    temporalHttp: s.TEMPORAL_HTTP_PORT,
    temporalMetrics: s.TEMPORAL_METRICS_PORT,
    postgres: s.POSTGRES_PORT,
    s3: s.S3_PORT,
    weedMaster: s.SEAWEED_MASTER_PORT,
    weedMasterGrpc: s.SEAWEED_MASTER_PORT + 10000,
    weedVolume: s.SEAWEED_VOLUME_PORT,
    weedVolumeGrpc: s.SEAWEED_VOLUME_PORT + 10000,
    weedFiler: s.SEAWEED_FILER_PORT,
    weedFilerGrpc: s.SEAWEED_FILER_PORT + 10000,
  };
}
