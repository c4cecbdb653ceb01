/**
 * A static file server for the built frontend app: files from the build folder, and `index.html`
 * for every other path so that the app's own router handles routes such as `/catalog/...`.
 */
import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import path from 'path';

export interface FrontendServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  url: string;
  stop(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir` on 127.0.0.1:`port` (0 picks a free port). Rejects when `dir` has no index.html or
 * the port is taken.
 */
export async function startFrontendServer(dir: string, port: number): Promise<FrontendServer> {
  const root = path.resolve(dir);
  const indexFile = path.join(root, 'index.html');
  if (!fs.existsSync(indexFile)) {
    throw new Error(`The frontend app has no build in ${root}: run npm run build:app first`);
  }

  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveFile(root, request.url ?? '/');
    if (file === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    sendFile(file, file.startsWith(path.join(root, 'static') + path.sep), request, response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actualPort } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${actualPort}`,
    stop: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Maps a request path to the file to send: the file itself when it exists inside `root`, and
 * `index.html` for any other path, because those are the app's routes. Returns `undefined` (a 404)
 * for a missing file under `/static/`, where only the build's bundles live, and for a path that
 * leaves `root`.
 */
export function resolveFile(root: string, requestUrl: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl, 'http://127.0.0.1').pathname);
  } catch {
    return undefined;
  }
  const file = path.resolve(root, `.${pathname}`);
  if (file !== root && !file.startsWith(root + path.sep)) {
    return undefined;
  }
  if (isFile(file)) {
    return file;
  }
  if (pathname.startsWith('/static/')) {
    return undefined;
  }
  return path.join(root, 'index.html');
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function sendFile(file: string, hashedName: boolean, request: http.IncomingMessage, response: http.ServerResponse): void {
  const headers = {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    // Bundles under static/ have a content hash in their names. Other files, index.html among
    // them, keep their names across rebuilds, so the browser must check them again.
    'Cache-Control': hashedName ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (request.method === 'HEAD') {
    response.writeHead(200, headers).end();
    return;
  }
  const stream = fs.createReadStream(file);
  stream.once('open', () => response.writeHead(200, headers));
  stream.once('error', error => {
    if (!response.headersSent) {
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    }
    response.end(`Could not read ${path.basename(file)}: ${error.message}\n`);
  });
  stream.pipe(response);
}
