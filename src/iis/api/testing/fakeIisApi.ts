import type { TestRequestHandler } from './httpsTestServer';
import { sendJson } from './httpsTestServer';

/** Content of the fake API: raw list entries sent exactly as given. */
export interface FakeIisApiData {
  websites: unknown[];
  appPools: unknown[];
  /** Application lists by the website's API id. */
  webappsBySiteId: Record<string, unknown[]>;
  /** Delay before each application list is sent, in milliseconds. */
  webappsDelayMs?: number;
}

/** Counters that tests check after a reading. */
export interface FakeIisApiStats {
  maxConcurrentWebappRequests: number;
}

/**
 * Returns a handler that behaves like the IIS Administration API for the three list routes: it
 * requires `Access-Token: Bearer <token>` (403 problem+json otherwise) and serves the routes that
 * the client reads. It ignores `fields`, so tests control exactly which fields each entry has.
 */
export function createFakeIisApiHandler(token: string, data: FakeIisApiData, stats?: FakeIisApiStats): TestRequestHandler {
  let activeWebappRequests = 0;

  return (request, response) => {
    if (request.headers['access-token'] !== `Bearer ${token}`) {
      sendJson(response, 403, { title: 'Unauthorized', authentication_scheme: 'Bearer', status: 403 }, 'application/problem+json');
      return;
    }
    const url = new URL(request.url ?? '/', 'https://127.0.0.1');
    const sendList = (key: string, list: unknown[]) => {
      response.setHeader('X-Total-Count', String(list.length));
      sendJson(response, 200, { [key]: list });
    };

    if (url.pathname === '/api/webserver/websites') {
      sendList('websites', data.websites);
      return;
    }
    if (url.pathname === '/api/webserver/application-pools') {
      sendList('app_pools', data.appPools);
      return;
    }
    if (url.pathname === '/api/webserver/webapps') {
      const list = data.webappsBySiteId[url.searchParams.get('website.id') ?? ''];
      if (list === undefined) {
        sendJson(response, 404, { title: 'Not found', name: 'site', status: 404 }, 'application/problem+json');
        return;
      }
      activeWebappRequests += 1;
      if (stats) {
        stats.maxConcurrentWebappRequests = Math.max(stats.maxConcurrentWebappRequests, activeWebappRequests);
      }
      setTimeout(() => {
        activeWebappRequests -= 1;
        sendList('webapps', list);
      }, data.webappsDelayMs ?? 0);
      return;
    }
    sendJson(response, 404, { title: 'Not found', status: 404 }, 'application/problem+json');
  };
}
