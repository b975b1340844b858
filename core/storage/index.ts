export { buildS3Clients, type S3Clients } from './clients';
export { ObjectStore, isNotFound, type ObjectInfo, type PresignedPost } from './object-store';
