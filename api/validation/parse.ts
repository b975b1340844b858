import type { z } from 'zod';
import { validationFailed } from '../../core/errors';

/** Parses input with a schema, or throws VALIDATION_FAILED naming every field that is wrong. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string) {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as z.output<S>;

  const fields = parsed.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(root)',
    message: issue.message,
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  throw validationFailed(`The ${what} is not valid: ${summary}.`, { fields });
}
