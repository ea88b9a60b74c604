import type { ApiMethod, ApiParams, ApiResult } from '@shared/api/contract';
import { ApiError, unwrapEnvelope } from '@shared/api/envelope';
import { CommanderError } from 'commander';
import { dispatch } from '../api/dispatch';
import type { ApiRuntime } from '../api/runtime';

export interface GlobalOptions {
  home?: string;
  json?: boolean;
}

/** Calls the API in-process through the same validation as IPC and HTTP. */
export async function callApi<M extends ApiMethod>(
  runtime: ApiRuntime,
  method: M,
  params: ApiParams<M>,
): Promise<ApiResult<M>> {
  return unwrapEnvelope(await dispatch(runtime.handlers, method, params)) as ApiResult<M>;
}

/** With --json a command prints exactly one JSON document on stdout, so that scripts can parse it. */
export function printJson(document: unknown): void {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}

/** Reports a failure once: as the JSON document with --json, as a line on stderr otherwise. */
export function reportFailure(error: unknown, json: boolean | undefined): void {
  const data =
    error instanceof ApiError
      ? error.toData()
      : error instanceof CommanderError
        ? { kind: 'invalid_request' as const, message: error.message.replace(/^error: /, '') }
        : {
            kind: 'internal' as const,
            message: error instanceof Error ? error.message : String(error),
          };
  if (json) printJson({ ok: false, error: data });
  else {
    process.stderr.write(`avlab: ${data.message}\n`);
    for (const issue of data.issues ?? [])
      process.stderr.write(`  ${issue.field}: ${issue.message}\n`);
  }
  process.exitCode = 1;
}
