// Typed API errors built by any layer of the main process (jobs, data, handlers): the API
// envelope carries their kind, message and fields across every transport.
import { ApiError } from '@shared/api/envelope';

export function notFound(what: string): ApiError {
  return new ApiError({ kind: 'not_found', message: `${what} does not exist.` });
}

export function conflict(message: string): ApiError {
  return new ApiError({ kind: 'conflict', message });
}

export function invalid(field: string, message: string): ApiError {
  return new ApiError({
    kind: 'invalid_request',
    message: `${field}: ${message}`,
    issues: [{ field, message }],
  });
}

/** The work cannot be done by this process now (it is closing, or another one owns it). */
export function unavailable(message: string): ApiError {
  return new ApiError({ kind: 'unavailable', message });
}

/** A failure that is nobody's request's fault: a worker died, the disk is full. */
export function internal(message: string): ApiError {
  return new ApiError({ kind: 'internal', message });
}
