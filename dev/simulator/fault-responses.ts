import { STATUS_CODES, IncomingMessage, ServerResponse } from 'node:http';
import { Readable, pipeline } from 'node:stream';
import type { FaultAction, FaultStatus } from './faults';
import { bearerChallenge, notFound, windowsAuthenticationChallenge } from './problem';
import { problemResponse, sendResponse, SimulatedResponse } from './request-handler';

/** Responses of the fault switches. `normal` is what the request would get without faults. */

/** Size of the chunks in which a huge body is streamed. */
const HUGE_BODY_CHUNK_BYTES = 64 * 1024;

const PROXY_HTML_PAGE = `<!DOCTYPE html>
<html>
<head><title>Access denied</title></head>
<body>
<h1>Access denied</h1>
<p>The web filter of your organization blocked this request. Contact the help desk if you need access.</p>
</body>
</html>
`;

/**
 * Sends the fault's response. Does nothing for `hang`, so the request stays open until the client
 * or the simulator closes the connection.
 */
export function sendFault(
  request: IncomingMessage,
  response: ServerResponse,
  action: FaultAction,
  buildNormal: () => SimulatedResponse,
): void {
  switch (action.fault) {
    case 'hang':
      return;
    case 'reset':
      request.socket.destroy();
      return;
    case 'status':
      sendResponse(response, statusFaultResponse(action.status));
      return;
    case 'html-body':
      sendResponse(response, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: PROXY_HTML_PAGE });
      return;
    case 'truncated-json':
      sendTruncatedJson(response, buildNormal(), action.encoding);
      return;
    case 'huge-body':
      streamHugeBody(response, buildNormal(), action.bytes);
      return;
  }
}

/**
 * Builds the response of the `status` switch: the service's problem+json bodies for 401 (Windows
 * authentication), 403 (bearer token) and 404, and the reason phrase as text otherwise.
 */
export function statusFaultResponse(status: FaultStatus): SimulatedResponse {
  if (status === 401) {
    return problemResponse(windowsAuthenticationChallenge());
  }
  if (status === 403) {
    return problemResponse(bearerChallenge());
  }
  if (status === 404) {
    return problemResponse(notFound());
  }
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `${STATUS_CODES[status]}\n` };
}

/** Sends 200 with the first half of the normal body's bytes (at least one byte). */
function sendTruncatedJson(response: ServerResponse, normal: SimulatedResponse, encoding: 'content-length' | 'chunked'): void {
  const bytes = Buffer.from(normal.body, 'utf8');
  const half = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
  const headers = { 'Content-Type': 'application/json; charset=utf-8' };
  if (encoding === 'content-length') {
    response.writeHead(200, { ...headers, 'Content-Length': String(half.length) });
  } else {
    response.writeHead(200, headers);
  }
  response.end(half);
}

/**
 * Streams 200 with the normal JSON object body, after a `padding` string member that brings the
 * body to `totalBytes`, in chunked encoding. Only one chunk of padding is ever in memory.
 */
function streamHugeBody(response: ServerResponse, normal: SimulatedResponse, totalBytes: number): void {
  const head = Buffer.from('{"padding":"');
  const rest = normal.body.trim().slice(1);
  const tail = Buffer.from(rest.trim() === '}' ? `"${rest}` : `",${rest}`, 'utf8');
  const paddingBytes = Math.max(0, totalBytes - head.length - tail.length);
  const chunk = Buffer.alloc(Math.min(HUGE_BODY_CHUNK_BYTES, paddingBytes), 'x');

  function* body(): Generator<Buffer> {
    yield head;
    for (let left = paddingBytes; left > 0; left -= chunk.length) {
      yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    }
    yield tail;
  }

  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  // A client that stops reading closes the connection, which ends the stream with an error here.
  pipeline(Readable.from(body(), { objectMode: false }), response, () => undefined);
}
