import fetch, { FetchError, Response } from 'node-fetch';
import { IisApiError } from './IisApiError';
import { FailedRequest, failedPrefix } from './failedRequest';
import { httpStatusError, unreadableBodyError } from './httpErrorMessages';
import { bodyTooLargeError, connectionError, fingerprintMismatchError, timeoutError } from './connectionErrorMessages';
import { FINGERPRINT_MISMATCH_CODE, IisHttpsAgent } from './tlsAgent';
import type { IisApiLogger } from './types';

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
  agent: IisHttpsAgent;
  logger?: IisApiLogger;
}

/**
 * GET requests to one server's IIS Administration API. Every failure becomes an IisApiError, and
 * the access token is removed from every message, even from server text quoted in it.
 */
export class ApiHttp {
  constructor(private readonly options: ApiHttpOptions) {}

  /** Reads `path` (starting with `/api/`) as JSON; `subject` names what is read, for messages. */
  async getJson(path: string, subject: string): Promise<ApiResponse> {
    const request: FailedRequest = {
      host: this.options.host,
      url: `${this.options.baseUrl}${path}`,
      baseUrl: this.options.baseUrl,
      subject,
    };
    try {
      return await this.send(request);
    } catch (error) {
      if (error instanceof IisApiError) {
        error.message = this.redactToken(error.message);
        throw error;
      }
      throw new IisApiError(this.redactToken(`${failedPrefix(request)}: ${String(error)}`), {
        kind: 'connection',
        host: request.host,
        url: request.url,
      });
    }
  }

  private async send(request: FailedRequest): Promise<ApiResponse> {
    const { timeoutMs, maxBodyBytes, logger } = this.options;
    const controller = new AbortController();
    // One time limit covers the connection, the headers and the whole body.
    // NOTE: node-fetch 2 notices a connection closed early only for chunked bodies; a body shorter
    // than its Content-Length ends as a timeout.
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const startedAt = Date.now();
    try {
      let response: Response | undefined;
      let text: string;
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
        text = await response.text();
      } catch (error) {
        throw this.translateFetchError(request, error, response?.status);
      }
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
    }
  }

  private translateFetchError(request: FailedRequest, error: unknown, status: number | undefined): IisApiError {
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
