import { apiContract, isApiMethod } from '@shared/api/contract';
import { type ApiEnvelope, ApiError, fieldIssues } from '@shared/api/envelope';
import type { ApiHandlers, Handler } from './handler-types';

/**
 * Validates one request against the contract, runs its handler and wraps the outcome in an
 * envelope. Every transport goes through here, so validation happens once, at the boundary.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: string,
  rawParams: unknown,
): Promise<ApiEnvelope<unknown>> {
  if (!isApiMethod(method)) {
    return failure('not_found', `Unknown API method "${method}".`, [
      { field: 'method', message: 'unknown method' },
    ]);
  }
  const parsed = apiContract[method].params.safeParse(rawParams ?? {});
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error.issues, 'params');
    return failure(
      'invalid_request',
      `Invalid request to ${method}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  try {
    const handler = handlers[method] as Handler<typeof method>;
    return { ok: true, result: await handler(parsed.data as never) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toData() };
    console.error(`${method} failed:`, error);
    return failure('internal', error instanceof Error ? error.message : String(error));
  }
}

function failure(
  kind: ApiError['kind'],
  message: string,
  issues?: { field: string; message: string }[],
): ApiEnvelope<never> {
  return { ok: false, error: { kind, message, issues } };
}
