import { z } from 'zod';

/** Errors cross every process boundary as data, never as thrown strings. */
export const API_ERROR_KINDS = [
  'invalid_request',
  'unauthorized',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
] as const;
export type ApiErrorKind = (typeof API_ERROR_KINDS)[number];

export const FieldIssueSchema = z.object({
  /** Dotted path of the offending field, e.g. `params.epochs` or `params.cases.2`. */
  field: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

export const ApiErrorSchema = z.object({
  kind: z.enum(API_ERROR_KINDS),
  message: z.string(),
  issues: z.array(FieldIssueSchema).optional(),
});
export type ApiErrorData = z.infer<typeof ApiErrorSchema>;

export type ApiEnvelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorData };

/** The error a client raises when the other side answered `{ ok: false }`. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly issues: FieldIssue[];
  constructor(data: ApiErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.kind = data.kind;
    this.issues = data.issues ?? [];
  }
  toData(): ApiErrorData {
    return {
      kind: this.kind,
      message: this.message,
      issues: this.issues.length ? this.issues : undefined,
    };
  }
}

/** Turns zod issues into field-named messages, prefixed with where the value came from. */
export function fieldIssues(
  issues: readonly {
    path: readonly PropertyKey[];
    message: string;
    code?: string;
    keys?: readonly string[];
  }[],
  prefix: string,
): FieldIssue[] {
  const field = (path: readonly PropertyKey[]) =>
    [prefix, ...path.map(String)].filter(Boolean).join('.');
  // An unknown key (a typo in a strict object) is named by its own path, one issue per key.
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys' && i.keys && i.keys.length > 0
      ? i.keys.map((key) => ({ field: field([...i.path, key]), message: 'unknown key' }))
      : [{ field: field(i.path), message: i.message }],
  );
}

export function unwrapEnvelope<T>(envelope: ApiEnvelope<T>): T {
  if (envelope.ok) return envelope.result;
  throw new ApiError(envelope.error);
}
