import { IisApiError } from './IisApiError';
import { FailedRequest } from './failedRequest';

/**
 * Describes why the caller aborted, from `AbortSignal.reason`: the message of an Error, a string
 * as it is, or a generic sentence for the default reason that `abort()` without an argument sets.
 */
export function describeAbortReason(reason: unknown): string {
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message !== '') {
    return reason.message;
  }
  if (typeof reason === 'string' && reason.trim() !== '') {
    return reason.trim();
  }
  return 'the caller aborted the read';
}

/** Builds the error for a request, or a wait before a retry, that the caller's AbortSignal ended. */
export function cancelledError(request: FailedRequest, reason: unknown): IisApiError {
  const because = describeAbortReason(reason).replace(/\.$/, '');
  return new IisApiError(
    `Reading ${request.subject} of IIS server "${request.host}" from ${request.url} was cancelled: ${because}. ` +
      'If this repeats, check why the server responds slowly, lower its timeout so that one slow server ' +
      'fails sooner, or give each run more time.',
    { kind: 'cancelled', host: request.host, url: request.url },
  );
}
