import { isAbsolute, resolve, sep } from 'node:path';
import { ApiError } from '@shared/api/envelope';
import { ZodError } from 'zod';
import { DatasetNotFoundError } from './dataset-files';
import { DecodeError } from './decode-error';
import { FeatureSettingsError } from './feature-settings';
import { MissingVideoToolError } from './video/video-tools';

/** The import as a whole cannot go on (nothing left, one class): the options are at fault. */
export class ImportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefusedError';
  }
}

/** A checkpoint given to `backbones.import` that cannot be read or converted (names why). */
export class BackboneFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackboneFileError';
  }
}

/** A data-layer failure as the API reports it: whose fault, and which request field. */
export interface DataErrorData {
  kind: 'invalid_request' | 'not_found' | 'unavailable' | 'internal';
  message: string;
  /** Relative to the request's params, e.g. `options.file`. */
  field?: string;
}

/**
 * Sorts what the data layer throws: bad input, refused settings and unknown datasets are the
 * caller's to fix and name the field; anything else is internal. A DecodeError is pinned on the
 * path option it lies under, else on `options` (a file a manifest names, for instance).
 */
export function classifyDataError(
  error: unknown,
  options: Record<string, unknown> = {},
): DataErrorData {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DecodeError) {
    return { kind: 'invalid_request', message, field: pathOption(error.file, options) };
  }
  if (error instanceof FeatureSettingsError) {
    return { kind: 'invalid_request', message, field: `options.features.${error.option}` };
  }
  if (error instanceof ImportRefusedError)
    return { kind: 'invalid_request', message, field: 'options' };
  if (error instanceof BackboneFileError)
    return { kind: 'invalid_request', message, field: 'path' };
  if (error instanceof ZodError) {
    const first = error.issues[0];
    const field = ['options', ...(first?.path ?? []).map(String)].join('.');
    return { kind: 'invalid_request', message: `${field}: ${first?.message ?? message}`, field };
  }
  if (error instanceof DatasetNotFoundError) return { kind: 'not_found', message, field: 'id' };
  // Nothing the request can fix: the machine lacks ffmpeg/ffprobe (the message says how to get it).
  if (error instanceof MissingVideoToolError) return { kind: 'unavailable', message };
  // A full or read-only disk (explained with its path by explainFsError).
  if (error instanceof ApiError && error.kind === 'unavailable')
    return { kind: 'unavailable', message };
  return { kind: 'internal', message };
}

function pathOption(file: string, options: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(options)) {
    if (typeof value !== 'string' || !isAbsolute(value)) continue;
    const root = resolve(value);
    if (file === root || file.startsWith(root + sep)) return `options.${name}`;
  }
  return 'options';
}
