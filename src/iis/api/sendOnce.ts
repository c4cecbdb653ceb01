import fetch, { FetchError, Response } from 'node-fetch';
import { cancelledError } from './cancellation';
import { bodyTooLargeError, connectionError, fingerprintMismatchError, timeoutError } from './connectionErrorMessages';
import type { FailedRequest } from './failedRequest';
import type { IisApiError } from './IisApiError';
import type { ExchangeResult } from './ntlm/ntlmAuthenticator';
import { FINGERPRINT_MISMATCH_CODE, IisHttpsAgent } from './tlsAgent';
import type { IisApiLogger } from './types';
import { iisMetrics } from '../../metrics';

/** The client options that one request uses. */
export interface SendOnceOptions {
  accessToken: string;
  timeoutMs: number;
  maxBodyBytes: number;
  logger?: IisApiLogger;
}

/**
 * Sends the request once through `agent` with `headers` added, and reads the whole body, so that
 * a kept-alive connection is free for the next request afterwards.
 */
export async function sendOnce(
  options: SendOnceOptions,
  request: FailedRequest,
  agent: IisHttpsAgent,
  extraHeaders: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<ExchangeResult> {
  if (signal?.aborted) {
    throw cancelledError(request, signal.reason);
  }
  const { timeoutMs, maxBodyBytes, logger } = options;
  const controller = new AbortController();
  // One time limit covers the connection, the headers and the whole body.
  // NOTE: node-fetch 2 notices a connection closed early only for chunked bodies; a body shorter
  // than its Content-Length ends as a timeout.
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const cancel = () => controller.abort();
  signal?.addEventListener('abort', cancel, { once: true });
  let bodyRead = false;
  const startedAt = Date.now();
  try {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: 'GET',
        headers: {
          ...extraHeaders,
          'Access-Token': `Bearer ${options.accessToken}`,
          Accept: 'application/json',
        },
        agent: agent.agent,
        // A followed redirect would carry the Access-Token header to another address.
        redirect: 'manual',
        size: maxBodyBytes,
        signal: controller.signal,
      });
    } catch (error) {
      iisMetrics.apiRequests.add(1, { status: 'error' });
      throw translateFetchError(options, request, agent, error, undefined, signal);
    }
    iisMetrics.apiRequests.add(1, { status: String(response.status) });

    if (Number(response.headers.get('content-length')) > maxBodyBytes) {
      // Aborting below emits an error on the unread body, which needs a listener.
      response.body.on('error', () => undefined);
      throw bodyTooLargeError(request, response.status, maxBodyBytes);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw translateFetchError(options, request, agent, error, response.status, signal);
    }
    bodyRead = true;
    logger?.debug(`IIS API GET ${request.url} returned HTTP ${response.status} in ${Date.now() - startedAt} ms`);

    return {
      status: response.status,
      wwwAuthenticate: response.headers.raw()['www-authenticate'] ?? [],
      headers: {
        location: response.headers.get('location') ?? undefined,
        contentType: response.headers.get('content-type') ?? '',
        totalCount: response.headers.get('x-total-count') ?? undefined,
      },
      text,
    };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
    if (!bodyRead) {
      // Closes the connection of a body that is still arriving, for example after the size limit.
      controller.abort();
    }
  }
}

function translateFetchError(
  options: SendOnceOptions,
  request: FailedRequest,
  agent: IisHttpsAgent,
  error: unknown,
  status: number | undefined,
  signal: AbortSignal | undefined,
): IisApiError {
  if (signal?.aborted) {
    return cancelledError(request, signal.reason);
  }
  const fetchError = error as Partial<FetchError>;
  if ((error as { name?: unknown }).name === 'AbortError') {
    return timeoutError(request, options.timeoutMs);
  }
  if (fetchError.type === 'max-size') {
    return bodyTooLargeError(request, status, options.maxBodyBytes);
  }
  if (fetchError.code === FINGERPRINT_MISMATCH_CODE) {
    const mismatch = agent.lastFingerprintMismatch();
    if (mismatch !== undefined) {
      return fingerprintMismatchError(request, mismatch);
    }
  }
  // node-fetch wraps system errors in sentences that repeat the URL; the message keeps the cause.
  const reason = (fetchError.message ?? String(error))
    .replace(`request to ${request.url} failed, reason: `, '')
    .replace(`Invalid response body while trying to fetch ${request.url}: `, '');
  return connectionError(request, fetchError.code, reason);
}
