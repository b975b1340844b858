import { S3Client } from '@aws-sdk/client-s3';
import type { StorageConfig } from '../config';
import type { Logger } from '../logger';
import { storageSdkLogger } from './sdk-logger';

export interface S3Clients {
  /** Reads and writes from inside the deployment (S3_ENDPOINT_URL). */
  internal: S3Client;
  /**
   * Signs URLs that browsers use, when they reach the store through another origin
   * (S3_PUBLIC_ENDPOINT_URL). Absent when both endpoints are the same.
   */
  public?: S3Client;
  /** Path prefix the public proxy serves the store under (e.g. "/storage"), or "". */
  publicPathPrefix: string;
}

function client(endpoint: string, config: StorageConfig, logger?: Logger): S3Client {
  return new S3Client({
    endpoint,
    region: config.region,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    // RustFS, MinIO and SeaweedFS need path-style addressing; AWS and R2 accept it too.
    forcePathStyle: true,
    // SDK releases since early 2025 add CRC32 checksum headers and trailers to every upload by
    // default. Several S3-compatible stores (and presigned URLs used by browsers, which cannot
    // compute them) reject those, so checksums are sent only where an operation requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Without a logger the SDK prints some notices to the console, outside the JSON lines.
    ...(logger && { logger: storageSdkLogger(logger) }),
  });
}

/**
 * SigV4 signs the Host header and the path. A public endpoint with a path (a reverse proxy that
 * serves the store under /storage/) is signed against its origin alone; the prefix is added to
 * the URL afterwards, and the proxy strips it again and forwards the Host header unchanged, so
 * that the store sees exactly the host and path that were signed.
 */
export function buildS3Clients(config: StorageConfig, logger?: Logger): S3Clients {
  const internal = client(config.endpoint, config, logger);
  if (!config.publicEndpoint) return { internal, publicPathPrefix: '' };

  const url = new URL(config.publicEndpoint);
  const publicPathPrefix = url.pathname.replace(/\/+$/, '');
  return { internal, public: client(url.origin, config, logger), publicPathPrefix };
}
