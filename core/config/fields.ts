import { z } from 'zod';

/** Building blocks of the settings schema, shared by each concern's part of it. */

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

export const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** A value that is absent when unset or empty (a copied .env.example leaves many empty). */
export const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

export const optionalUrl = optionalText.pipe(z.url().optional());

/** A key prefix without a leading slash; empty when unset. */
export const prefix = optionalText.transform((v) => (v === undefined ? '' : v.replace(/^\/+/, '')));
