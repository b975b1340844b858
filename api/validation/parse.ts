import type { z } from 'zod';
import { validationFailed } from '../../core/errors';

/** One wrong field, as a sentence that names it: "sizeBytes is required: a whole number ...". */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Parses input with a schema, or throws VALIDATION_FAILED naming every field that is wrong, each
 * in a sentence a person can act on. Schemas phrase their own errors as what follows the field's
 * name ("must be a MIME type"); the defaults below phrase the rest the same way.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string) {
  const parsed = schema.safeParse(input, { error: predicateOf });
  if (parsed.success) return parsed.data as z.output<S>;

  throw invalid(
    what,
    parsed.error.issues.flatMap((issue) => problemsOf(issue, what)),
  );
}

/** The same refusal for a check made outside a schema. */
export function invalid(what: string, problems: FieldProblem[]): Error {
  const whole = problems.filter((p) => p.field === ROOT).map((p) => p.message);
  const fields = problems.filter((p) => p.field !== ROOT).map((p) => p.message);
  const message =
    fields.length === 0
      ? `The ${what} ${whole.join(' and ')}.`
      : `The ${what} is not valid: ${[...whole.map((w) => `it ${w}`), ...fields].join('; ')}.`;
  return validationFailed(message, { fields: problems });
}

/** How a problem with the whole input (not one of its fields) is named. */
const ROOT = '(root)';

/** A field's sentence from what a schema (or the defaults) says about it. */
export const fieldProblem = (field: string, predicate: string): FieldProblem => ({
  field,
  message: `${field} ${predicate}`,
});

function problemsOf(issue: z.core.$ZodIssue, what: string): FieldProblem[] {
  const field = issue.path.join('.') || ROOT;
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${field}.` : '';
    return issue.keys.map((key) =>
      fieldProblem(`${prefix}${key}`, `is not a field the ${what} takes`),
    );
  }
  return [field === ROOT ? { field, message: issue.message } : fieldProblem(field, issue.message)];
}

/** Default predicates for the issues a schema did not phrase itself. */
function predicateOf(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
    case 'too_small':
      return boundOf('at least', issue.origin, issue.minimum);
    case 'too_big':
      return boundOf('at most', issue.origin, issue.maximum);
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return 'is not in the expected format';
    default:
      return 'is not valid';
  }
}

function boundOf(bound: string, origin: string, limit: number | bigint): string {
  if (origin === 'string') {
    return Number(limit) === 1 && bound === 'at least'
      ? 'must not be empty'
      : `must be ${bound} ${limit} characters long`;
  }
  if (origin === 'array') return `must have ${bound} ${limit} items`;
  return `must be ${bound} ${limit}`;
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
