import { IisApiError } from './IisApiError';
import { cancelledError } from './cancellation';
import { FailedRequest, failedPrefix } from './failedRequest';
import { httpStatusError, unreadableBodyError } from './httpErrorMessages';
import { isRetryable, retryDelayMs, waitForRetry } from './retry';
import { sendOnce } from './sendOnce';
import type { IisHttpsAgent } from './tlsAgent';
import type { IisApiLogger } from './types';
import type { ExchangeResult, NtlmAuthenticator } from './ntlm/ntlmAuthenticator';

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
  /**
   * NTLMv2 Windows authentication. When set, every request goes through it and its own
   * single-connection agents instead of `agent`.
   */
  ntlm?: NtlmAuthenticator;
  /** The Windows password, removed from every error message like the access token. */
  password?: string;
  logger?: IisApiLogger;
  /** Source of the jitter in retry waits; Math.random when omitted. */
  random?: () => number;
}

/**
 * GET requests to one server's IIS Administration API, with retries after transient failures.
 * Every failure becomes an IisApiError, and the access token and the Windows password are removed
 * from every message, even from server text quoted in it.
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

  /** Turns anything thrown into an IisApiError whose message contains no access token and no password. */
  private toApiError(request: FailedRequest, error: unknown): IisApiError {
    if (error instanceof IisApiError) {
      error.message = this.redactSecrets(error.message);
      return error;
    }
    return new IisApiError(this.redactSecrets(`${failedPrefix(request)}: ${String(error)}`), {
      kind: 'connection',
      host: request.host,
      url: request.url,
    });
  }

  private async send(request: FailedRequest, signal: AbortSignal | undefined): Promise<ApiResponse> {
    if (signal?.aborted) {
      throw cancelledError(request, signal.reason);
    }
    const exchange = (agent: IisHttpsAgent, headers: Record<string, string>) =>
      sendOnce(this.options, request, agent, headers, signal);
    const { ntlm } = this.options;
    const response = ntlm ? await ntlm.send(request, exchange, signal) : await exchange(this.options.agent, {});
    return this.interpret(request, response);
  }

  /** Turns a complete response into the parsed body, or into the IisApiError for its status or body. */
  private interpret(request: FailedRequest, response: ExchangeResult): ApiResponse {
    const { status, headers, wwwAuthenticate } = response;
    const text = this.redactSecrets(response.text);
    if (status < 200 || status >= 300) {
      const errorHeaders = {
        wwwAuthenticate: wwwAuthenticate.length > 0 ? wwwAuthenticate.join(', ') : undefined,
        location: headers.location,
      };
      throw httpStatusError(request, status, errorHeaders, text, { windowsAuthentication: this.options.ntlm !== undefined });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw unreadableBodyError(request, status, headers.contentType, text, (error as Error).message);
    }
    return { body, totalCount: parseTotalCount(headers.totalCount ?? null) };
  }

  private redactSecrets(text: string): string {
    const { accessToken, password } = this.options;
    let redacted = accessToken === '' ? text : text.split(accessToken).join('[access token]');
    if (password !== undefined && password !== '') {
      redacted = redacted.split(password).join('[password]');
    }
    return redacted;
  }
}

function parseTotalCount(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) {
    return undefined;
  }
  return Number(value.trim());
}
