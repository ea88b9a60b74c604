import type { ApiMethod, ApiParams, ApiResult } from '@shared/api/contract';
import { ApiError } from '@shared/api/envelope';
import type { FeatureSettings } from '@shared/domain/dataset';
import cliProgress from 'cli-progress';
import type { ApiRuntime } from '../api/runtime';
import { FEATURE_OPTION_FLAGS } from '../data/feature-settings';
import { callApi } from './output';
import { ProgressLines } from './progress-lines';

/** One bar per stage on stderr (stdout stays clean for --json), when stderr is a terminal. */
function progressBar(): {
  onProgress: (p: { stage: string; done: number; total: number }) => void;
  stop: () => void;
} {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format:
        '{stage} [{bar}] {value}/{total} {percentage}% | {duration_formatted} | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let stage: string | undefined;
  return {
    onProgress: (p) => {
      if (p.stage !== stage) {
        if (stage) bar.stop();
        stage = p.stage;
        bar.start(p.total, p.done, { stage: p.stage.padEnd(9) });
      } else bar.update(p.done);
    },
    stop: () => {
      if (stage) bar.stop();
    },
  };
}

/** On a stderr that is no terminal (a CI log, a pipe): a plain line per stage every few seconds. */
function progressLines(): ReturnType<typeof progressBar> {
  const lines = new ProgressLines((line) => process.stderr.write(`${line}\n`));
  let stage: string | undefined;
  return {
    onProgress: (p) => {
      if (stage !== undefined && p.stage !== stage) lines.end(stage);
      stage = p.stage;
      lines.update(p.stage, p.stage, p.done, p.total);
    },
    stop: () => {
      if (stage !== undefined) lines.end(stage);
      lines.stop();
    },
  };
}

const FEATURE_FIELD = /^params\.(?:options\.)?features\.(\w+)$/;

/** A refused feature setting is named by the option the user typed; other fields lose `params.`. */
function cliField(field: string): string {
  const setting = FEATURE_FIELD.exec(field)?.[1];
  if (setting && setting in FEATURE_OPTION_FLAGS) {
    return FEATURE_OPTION_FLAGS[setting as keyof FeatureSettings];
  }
  return field.replace(/^params\./, '');
}

/** The API's message names its fields too ("params.options.file: …"): renamed alike. */
function withCliFields(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.issues.length) return error;
  let message = error.message;
  const issues = error.issues.map((issue) => {
    const field = cliField(issue.field);
    message = message.replaceAll(`${issue.field}: `, `${field}: `);
    return { ...issue, field };
  });
  return new ApiError({ kind: error.kind, message, issues });
}

/**
 * Calls a dataset method, drawing the API's `dataset.progress` events (an import, a feature build
 * on a preview's cache miss) as a progress bar, the way the UI hears them.
 */
export async function callDatasetApi<M extends ApiMethod>(
  runtime: ApiRuntime,
  method: M,
  params: ApiParams<M>,
): Promise<ApiResult<M>> {
  const bar = process.stderr.isTTY ? progressBar() : progressLines();
  const unsubscribe = runtime.ctx.events.subscribe((event) => {
    if (event.type === 'dataset.progress') bar.onProgress(event);
  });
  try {
    return await callApi(runtime, method, params);
  } catch (error) {
    throw withCliFields(error);
  } finally {
    unsubscribe();
    bar.stop();
  }
}
