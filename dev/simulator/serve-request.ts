import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendFault } from './fault-responses';
import { ActiveFaults } from './faults';
import { buildResponse, handleRequest, RequestHandlingOptions, sendProblem } from './request-handler';
import type { RequestLog } from './request-log';
import type { SimulatedServer } from './state';

/** State that every request of one simulator shares. */
export interface ServingContext {
  handling: RequestHandlingOptions;
  /** Fault switches by host in lower case; a host without an entry has none. */
  faults: Map<string, ActiveFaults>;
  log: RequestLog;
  /** Pending latency timers, which `stop()` clears. */
  timers: Set<NodeJS.Timeout>;
}

const NO_FAULTS = new ActiveFaults();

/**
 * Serves one request for one simulated server: logs it, waits for the server's latency, then
 * sends its fault or its normal response. `server` is undefined when no server has the path prefix.
 */
export function serveRequest(
  request: IncomingMessage,
  response: ServerResponse,
  server: SimulatedServer | undefined,
  context: ServingContext,
): void {
  if (!server) {
    respondSafely(request, response, () => handleRequest(request, response, undefined, context.handling));
    return;
  }

  const faults = context.faults.get(server.host.toLowerCase()) ?? NO_FAULTS;
  const taken = faults.takeNextFault();
  const entry = context.log.add(server.host, {
    method: request.method ?? '',
    path: pathBelowHost(request.url ?? '/'),
    fault: taken?.action.fault,
    fromFailNext: taken?.fromFailNext ?? false,
  });
  response.once('finish', () => {
    entry.status = response.statusCode;
  });

  const respond = () =>
    respondSafely(request, response, () => {
      if (taken === undefined) {
        handleRequest(request, response, server, context.handling);
      } else {
        sendFault(request, response, taken.action, () => buildResponse(request, server, context.handling));
      }
    });

  if (faults.latencyMs === 0) {
    respond();
    return;
  }
  const timer = setTimeout(() => {
    context.timers.delete(timer);
    respond();
  }, faults.latencyMs);
  context.timers.add(timer);
}

/** Runs `send`; a bug in the simulator becomes the service's generic error instead of a hang. */
function respondSafely(request: IncomingMessage, response: ServerResponse, send: () => void): void {
  try {
    send();
  } catch (error) {
    console.error(`IIS simulator: request ${request.method} ${request.url} failed:`, error);
    if (!response.headersSent) {
      sendProblem(response, {
        status: 500,
        body: { title: 'Server error', detail: String(error), name: '', status: 500 },
      });
    } else {
      response.destroy();
    }
  }
}

/** Returns the request's path and query after the `/<host>` prefix. */
function pathBelowHost(url: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const afterHost = path.indexOf('/', 1);
  return afterHost === -1 ? url.slice(path.length) : url.slice(afterHost);
}
