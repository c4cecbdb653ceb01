import fetch, { FetchError, Response } from 'node-fetch';
import { IisApiError } from './IisApiError';
import { cancelledError } from './cancellation';
import { FailedRequest, failedPrefix } from './failedRequest';
import { httpStatusError, unreadableBodyError } from './httpErrorMessages';
import { bodyTooLargeError, connectionError, fingerprintMismatchError, timeoutError } from './connectionErrorMessages';
import { isRetryable, retryDelayMs, waitForRetry } from './retry';
import { FINGERPRINT_MISMATCH_CODE, IisHttpsAgent } from './tlsAgent';
import type { IisApiLogger } from './types';
import { iisMetrics } from '../../metrics';

/** Result of a successful GET. */
export interface ApiResponse {
  body: unknown;
  /** The `X-Total-Count` header, which the service sends with every list. */
  totalCount?: number;
}

export interface ApiHttpOptions {
  host: string;
  /** Base URL without a trailing slash. */
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Retries after a transient failure; 0 sends every request once. */
  retries: number;
  retryBaseDelayMs: number;
  agent: IisHttpsAgent;
  logger?: IisApiLogger;
  /** Source of the jitter in retry waits; Math.random when omitted. */
  random?: () => number;
}

/**
 * GET requests to one server's IIS Administration API, with retries after transient failures.
 * Every failure becomes an IisApiError, and the access token is removed from every message, even
 * from server text quoted in it.
 */
export class ApiHttp {
  constructor(private readonly options: ApiHttpOptions) {}

  /**
   * Reads `path` (starting with `/api/`) as JSON; `subject` names what is read, for messages.
   * When `signal` aborts, the request in flight or the wait before a retry ends at once with an
   * IisApiError of kind `cancelled`.
   */
  async getJson(path: string, subject: string, signal?: AbortSignal): Promise<ApiResponse> {
    const request: FailedRequest = {
      host: this.options.host,
      url: `${this.options.baseUrl}${path}`,
      baseUrl: this.options.baseUrl,
      subject,
    };
    const attempts = this.options.retries + 1;

    for (let attempt = 1; ; attempt += 1) {
      let error: IisApiError;
      try {
        return await this.send(request, signal);
      } catch (caught) {
        error = this.toApiError(request, caught);
      }

      if (error.kind === 'cancelled' || !isRetryable(error) || attempt === attempts) {
        if (attempt > 1 && error.kind !== 'cancelled') {
          error.message += ` The request was sent ${attempt} times.`;
        }
        throw error;
      }

      const delayMs = retryDelayMs(attempt, this.options.retryBaseDelayMs, this.options.random);
      const status = error.status === undefined ? '' : ` ${error.status}`;
      this.options.logger?.debug(
        `IIS API GET ${path} on server "${request.host}" failed (${error.kind}${status}); ` +
          `sending attempt ${attempt + 1} of ${attempts} in ${delayMs} ms`,
      );
      try {
        await waitForRetry(delayMs, signal, () => cancelledError(request, signal?.reason));
      } catch (caught) {
        throw this.toApiError(request, caught);
      }
    }
  }

  /** Turns anything thrown into an IisApiError whose message contains no access token. */
  private toApiError(request: FailedRequest, error: unknown): IisApiError {
    if (error instanceof IisApiError) {
      error.message = this.redactToken(error.message);
      return error;
    }
    return new IisApiError(this.redactToken(`${failedPrefix(request)}: ${String(error)}`), {
      kind: 'connection',
      host: request.host,
      url: request.url,
    });
  }

  private async send(request: FailedRequest, signal: AbortSignal | undefined): Promise<ApiResponse> {
    if (signal?.aborted) {
      throw cancelledError(request, signal.reason);
    }
    const { timeoutMs, maxBodyBytes, logger } = this.options;
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
            'Access-Token': `Bearer ${this.options.accessToken}`,
            Accept: 'application/json',
          },
          agent: this.options.agent.agent,
          // A followed redirect would carry the Access-Token header to another address.
          redirect: 'manual',
          size: maxBodyBytes,
          signal: controller.signal,
        });
      } catch (error) {
        iisMetrics.apiRequests.add(1, { status: 'error' });
        throw this.translateFetchError(request, error, undefined, signal);
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
        throw this.translateFetchError(request, error, response.status, signal);
      }
      bodyRead = true;
      logger?.debug(`IIS API GET ${request.url} returned HTTP ${response.status} in ${Date.now() - startedAt} ms`);

      if (!response.ok) {
        const headers = {
          wwwAuthenticate: response.headers.get('www-authenticate') ?? undefined,
          location: response.headers.get('location') ?? undefined,
        };
        throw httpStatusError(request, response.status, headers, this.redactToken(text));
      }
      const contentType = response.headers.get('content-type') ?? '';
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw unreadableBodyError(request, response.status, contentType, this.redactToken(text), (error as Error).message);
      }
      return { body, totalCount: parseTotalCount(response.headers.get('x-total-count')) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      if (!bodyRead) {
        // Closes the connection of a body that is still arriving, for example after the size limit.
        controller.abort();
      }
    }
  }

  private translateFetchError(
    request: FailedRequest,
    error: unknown,
    status: number | undefined,
    signal: AbortSignal | undefined,
  ): IisApiError {
    if (signal?.aborted) {
      return cancelledError(request, signal.reason);
    }
    const fetchError = error as Partial<FetchError>;
    if ((error as { name?: unknown }).name === 'AbortError') {
      return timeoutError(request, this.options.timeoutMs);
    }
    if (fetchError.type === 'max-size') {
      return bodyTooLargeError(request, status, this.options.maxBodyBytes);
    }
    if (fetchError.code === FINGERPRINT_MISMATCH_CODE) {
      const mismatch = this.options.agent.lastFingerprintMismatch();
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

  private redactToken(text: string): string {
    const token = this.options.accessToken;
    return token === '' ? text : text.split(token).join('[access token]');
  }
}

function parseTotalCount(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) {
    return undefined;
  }
  return Number(value.trim());
}
