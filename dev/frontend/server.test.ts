import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrontendServer, resolveFile, startFrontendServer } from './server';

let root: string;
let server: FrontendServer;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'frontend-server-'));
  fs.mkdirSync(path.join(root, 'static'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(root, 'static', 'main.0123abcd.js'), 'console.log(1);');
  fs.writeFileSync(path.join(root, 'favicon.ico'), 'icon');
  // A file next to the build folder that no request may reach.
  fs.writeFileSync(path.join(path.dirname(root), 'frontend-server-secret.txt'), 'secret');
  server = await startFrontendServer(root, 0);
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(path.join(path.dirname(root), 'frontend-server-secret.txt'), { force: true });
});

/** Sends a raw request path, unnormalized, as a client that does not clean up `..` would. */
function request(method: string, rawPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const req = http.request({ host: url.hostname, port: url.port, method, path: rawPath }, response => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', chunk => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('frontend server', () => {
  it('serves index.html at the root', async () => {
    const response = await request('GET', '/');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<title>app</title>');
  });

  it('serves index.html for app routes', async () => {
    const response = await request('GET', '/catalog/default/component/web01.corp.example--shop-example-com');

    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>app</title>');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves bundles with a long cache lifetime', async () => {
    const response = await request('GET', '/static/main.0123abcd.js');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body).toBe('console.log(1);');
  });

  it('serves other files without caching', async () => {
    const response = await request('GET', '/favicon.ico');

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('image/x-icon');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('returns 404 for a missing bundle', async () => {
    const response = await request('GET', '/static/missing.js');

    expect(response.status).toBe(404);
  });

  it.each([
    ['dot segments', '/../frontend-server-secret.txt'],
    ['encoded dot segments', '/%2e%2e/frontend-server-secret.txt'],
    ['encoded slashes', '/static/..%2f..%2ffrontend-server-secret.txt'],
  ])('never serves a file outside the build folder (%s)', async (_case, rawPath) => {
    const response = await request('GET', rawPath);

    expect(response.body).not.toContain('secret');
  });

  it('returns 404 for a malformed escape', async () => {
    const response = await request('GET', '/static/%E0%A4%A');

    expect(response.status).toBe(404);
  });

  it('answers HEAD without a body', async () => {
    const response = await request('HEAD', '/');

    expect(response.status).toBe(200);
    expect(response.body).toBe('');
  });

  it('rejects POST with 405', async () => {
    const response = await request('POST', '/');

    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('refuses to start without a build', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'frontend-server-empty-'));
    try {
      await expect(startFrontendServer(empty, 0)).rejects.toThrow(`The frontend app has no build in ${empty}: run npm run build:app first`);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('resolveFile', () => {
  it('maps a path that leaves the root to no file', () => {
    expect(resolveFile('/srv/app', '/static/..%2f..%2fetc%2fpasswd')).toBeUndefined();
  });

  it('maps an app route to index.html', () => {
    expect(resolveFile('/srv/app', '/catalog')).toBe(path.join('/srv/app', 'index.html'));
  });
});
