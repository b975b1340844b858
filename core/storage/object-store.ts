import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import type { S3Clients } from './clients';

export interface ObjectInfo {
  sizeBytes: number;
  contentType?: string;
  etag?: string;
  lastModified?: Date;
}

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

/** Storage operations on the service's one bucket. Keys are decided by the caller. */
export class ObjectStore {
  constructor(
    private readonly clients: S3Clients,
    readonly bucket: string,
  ) {}

  private get signer(): S3Client {
    return this.clients.public ?? this.clients.internal;
  }

  /** Moves a URL signed for the public origin under the proxy's path prefix (see clients.ts). */
  private toPublicUrl(signed: string): string {
    const prefix = this.clients.public ? this.clients.publicPathPrefix : '';
    if (!prefix) return signed;
    const url = new URL(signed);
    url.pathname = `${prefix}${url.pathname}`;
    return url.toString();
  }

  /** Creates the bucket when it is missing. It is created private: no ACL or policy opens it. */
  async ensureBucket(): Promise<'created' | 'exists'> {
    try {
      await this.clients.internal.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return 'exists';
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    try {
      await this.clients.internal.send(new CreateBucketCommand({ Bucket: this.bucket }));
      return 'created';
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') return 'exists';
      throw error;
    }
  }

  /** A cheap signed request that proves the store is reachable and accepts our credentials. */
  /** Asks for the bucket; aborting the signal stops the request and the SDK's retries. */
  async ping(signal?: AbortSignal): Promise<void> {
    await this.clients.internal.send(new HeadBucketCommand({ Bucket: this.bucket }), {
      abortSignal: signal,
    });
  }

  /**
   * A PUT URL whose signature covers the Content-Type: another type is refused by the store.
   * With a length, the signature covers Content-Length too, so a body of any other size is
   * refused as well (browsers always send the real length).
   */
  async presignPut(
    key: string,
    contentType: string,
    expiresInSeconds: number,
    contentLength?: number,
  ): Promise<string> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: contentType,
      ContentLength: contentLength,
    });
    const signed =
      contentLength === undefined ? ['content-type'] : ['content-type', 'content-length'];
    const url = await getSignedUrl(this.signer, command, {
      expiresIn: expiresInSeconds,
      signableHeaders: new Set(signed),
    });
    return this.toPublicUrl(url);
  }

  /**
   * A browser form upload whose policy pins the key and Content-Type and bounds the size, so the
   * store itself refuses an oversized body.
   */
  async presignPost(
    key: string,
    contentType: string,
    maxBytes: number,
    expiresInSeconds: number,
  ): Promise<PresignedPost> {
    const post = await createPresignedPost(this.signer, {
      Bucket: this.bucket,
      Key: key,
      Expires: expiresInSeconds,
      Fields: { 'Content-Type': contentType },
      Conditions: [
        ['content-length-range', 0, maxBytes],
        ['eq', '$Content-Type', contentType],
      ],
    });
    return { url: this.toPublicUrl(post.url), fields: post.fields };
  }

  async presignGet(
    key: string,
    expiresInSeconds: number,
    options: { filename?: string; contentType?: string } = {},
  ): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: options.contentType,
      ResponseContentDisposition: options.filename
        ? contentDisposition(options.filename)
        : undefined,
    });
    const url = await getSignedUrl(this.signer, command, { expiresIn: expiresInSeconds });
    return this.toPublicUrl(url);
  }

  /** Object size and type, or undefined when there is no such object. */
  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const out = await this.clients.internal.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      return {
        sizeBytes: out.ContentLength ?? 0,
        contentType: out.ContentType,
        etag: out.ETag,
        lastModified: out.LastModified,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Deleting an object that is already gone succeeds, so retries are safe. */
  async delete(key: string): Promise<void> {
    await this.clients.internal.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** The first bytes of an object (for type sniffing), read with a ranged GET. */
  async readFirstBytes(key: string, count: number): Promise<Buffer> {
    const out = await this.clients.internal.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${count - 1}` }),
    );
    const bytes = await out.Body?.transformToByteArray();
    return Buffer.from(bytes ?? []).subarray(0, count);
  }

  /** The whole object as a stream; the caller must consume or destroy it. */
  async openRead(key: string): Promise<Readable> {
    const out = await this.clients.internal.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key }),
    );
    return out.Body as Readable;
  }

  /**
   * Streams a body into the bucket without holding it in memory. Abort through the signal when
   * the body fails: an errored stream alone leaves the request waiting for bytes that never come.
   */
  async putStream(
    key: string,
    body: Readable | Buffer,
    contentType: string,
    contentLength: number,
    abortSignal?: AbortSignal,
  ): Promise<void> {
    await this.clients.internal.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength: contentLength,
      }),
      { abortSignal },
    );
  }

  async createMultipartUpload(key: string, contentType: string): Promise<string> {
    const out = await this.clients.internal.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType }),
    );
    if (!out.UploadId) throw new Error('the store returned no multipart upload id');
    return out.UploadId;
  }

  async presignUploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    expiresInSeconds: number,
  ): Promise<string> {
    const command = new UploadPartCommand({
      Bucket: this.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: partNumber,
    });
    return this.toPublicUrl(
      await getSignedUrl(this.signer, command, { expiresIn: expiresInSeconds }),
    );
  }

  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: { partNumber: number; etag: string }[],
  ): Promise<void> {
    await this.clients.internal.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: {
          Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
        },
      }),
    );
  }

  /** Aborting an upload that is already gone succeeds, so retries are safe. */
  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    try {
      await this.clients.internal.send(
        new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
      );
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /**
   * Ids of the unfinished multipart uploads of exactly this key, oldest first. Lets a retried
   * creation reuse the upload it already made and a clean-up abort uploads it never heard of.
   */
  async listMultipartUploadIds(key: string): Promise<string[]> {
    const out = await this.clients.internal.send(
      new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: key }),
    );
    return (out.Uploads ?? [])
      .filter((upload) => upload.Key === key && upload.UploadId)
      .sort((a, b) => (a.Initiated?.getTime() ?? 0) - (b.Initiated?.getTime() ?? 0))
      .map((upload) => upload.UploadId!);
  }

  async listUploadedParts(key: string, uploadId: string): Promise<number> {
    const out = await this.clients.internal.send(
      new ListPartsCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }),
    );
    return out.Parts?.length ?? 0;
  }
}

export function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e?.$metadata?.httpStatusCode === 404 ||
    e?.name === 'NotFound' ||
    e?.name === 'NoSuchKey' ||
    e?.name === 'NoSuchBucket' ||
    e?.name === 'NoSuchUpload'
  );
}

/** RFC 6266 attachment header with an ASCII fallback and the UTF-8 name. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
