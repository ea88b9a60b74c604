/**
 * The one error type the decoders throw: bad input names the file and the reason, so that an
 * import can list every rejected file and carry on with the rest.
 */
export class DecodeError extends Error {
  readonly file: string;
  readonly reason: string;

  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${reason}`, options);
    this.name = 'DecodeError';
    this.file = file;
    this.reason = reason;
  }
}

/** Runs a third-party decoder and turns whatever it throws into a DecodeError. */
export function asDecodeError(file: string, what: string, error: unknown): DecodeError {
  if (error instanceof DecodeError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new DecodeError(file, `${what}: ${detail || 'unknown decoder failure'}`, { cause: error });
}
