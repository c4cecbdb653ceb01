import fs from 'fs';
import os from 'os';
import path from 'path';
import { BrowserContext, chromium, Page } from 'playwright-core';

/** Debian's chromium package; the tests never download a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Every host but 127.0.0.1 fails to resolve, so nothing on the page can reach past this machine
  // even if the request guard below missed it. Chromium applies these rules to IP literals too.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

export interface TestBrowser {
  page: Page;
  context: BrowserContext;
  /** Requests to any host other than 127.0.0.1, which the guard aborted. */
  blockedRequests: string[];
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a fresh, empty profile. Every request to a host other than
 * 127.0.0.1 is aborted and recorded.
 */
export async function launchTestBrowser(): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install Debian's package with apt-get install -y chromium`);
  }

  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iis-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1600, height: 1000 },
  });

  const blockedRequests: string[] = [];
  await context.route('**/*', route => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') {
      return route.continue();
    }
    blockedRequests.push(url.href);
    return route.abort('blockedbyclient');
  });

  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    context,
    blockedRequests,
    close: async () => {
      await context.close();
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
