/**
 * The catalog UI of the demo in headless Chromium, as a platform engineer uses it: guest sign-in,
 * the catalog list, a site's entity page, and the Refresh button on the About card after the
 * simulated IIS servers changed.
 */
import fs from 'fs';
import path from 'path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IisServerReading } from '../../src/iis/model';
import { parseBinding } from '../../src/iis/bindings';
import { Demo, startDemo } from '../../dev/demo';
import type { FarmServer } from '../../dev/simulator';
import { launchTestBrowser, TestBrowser } from './browser';
import { entityLinks, reloadUntilVisible, signInAsGuest } from './catalogPage';

const SCREENSHOT = path.resolve(__dirname, '..', '..', 'docs', 'images', 'site-entity-page.png');

// web01's shop.example.com site has http and https bindings and runs in two pools.
const SITE_HOST = 'web01.corp.example';
const SITE_NAME = 'shop.example.com';
const SITE_ENTITY = 'web01.corp.example--shop-example-com';

// dev/catalog-info.yaml's Component that claims web01's cdn.example.com site.
const CLAIMANT_ENTITY = 'cdn';
const CLAIMANT_TITLE = 'Content delivery';
const CLAIMANT_SCREENSHOT = path.resolve(__dirname, '..', '..', 'docs', 'images', 'claimant-entity-page.png');

// The removal test takes OrderService away from api01.
const REMOVAL_HOST = 'api01.corp.example';
const REMOVED_SITE = 'OrderService';
const REMOVED_ENTITY = 'api01.corp.example--orderservice';

// The time a user waits after pressing Refresh: 2 s debounce, the server read and the catalog's
// processing of the changed entities.
const REFRESH_TIMEOUT_MS = 15_000;

let demo: Demo;
let browser: TestBrowser;

beforeAll(async () => {
  demo = await startDemo();
  browser = await launchTestBrowser();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

function farmServer(host: string): FarmServer {
  const server = demo.servers.find(candidate => candidate.host === host);
  if (!server) {
    throw new Error(`The demo farm has no server ${host}`);
  }
  return server;
}

/** Serves a changed copy of a farm server's reading from the simulator, with its certificates kept. */
function changeServer(host: string, change: (reading: IisServerReading) => void): void {
  const server = farmServer(host);
  const reading = structuredClone(server.reading);
  change(reading);
  demo.simulator.setServer(host, reading, server.options);
}

/** Finds the catalog list's title for `count` components, such as `All Components (16)`. */
function componentsHeading(page: Page, count: number): Locator {
  // The list nests an h2 inside its h5 title, so both match the name.
  return page.getByRole('heading', { name: `All Components (${count})` }).first();
}

/**
 * Returns the number of Components in the list: one per site, where the claimed cdn.example.com
 * site is listed as its claimant instead of its own Component.
 */
function siteCount(): number {
  return demo.servers.reduce((count, server) => count + server.reading.sites.length, 0);
}

describe('catalog UI', () => {
  it('guest sign-in lists the sites', async () => {
    const { page } = browser;
    await signInAsGuest(page, demo.appUrl);

    // The app's root has no page of its own and leads to the catalog list.
    await componentsHeading(page, siteCount()).waitFor();
    expect(new URL(page.url()).pathname).toBe('/catalog');
    await expect(entityLinks(page, 'component', SITE_ENTITY).count()).resolves.toBe(1);
  });

  it('guest stays signed in after reload', async () => {
    const { page } = browser;
    await page.reload();

    await componentsHeading(page, siteCount()).waitFor();
    await expect(page.getByRole('button', { name: 'Enter' }).count()).resolves.toBe(0);
  });

  it('site page shows links and dependencies', async () => {
    const { page } = browser;
    await entityLinks(page, 'component', SITE_ENTITY).first().click();
    await page.getByRole('heading', { name: SITE_NAME, level: 2 }).waitFor();

    const links = page.locator('a[href^="http://shop"], a[href^="https://"]').filter({ hasText: /^https?\s/ });
    await links.first().waitFor();
    expect(await links.evaluateAll(anchors => anchors.map(anchor => anchor.getAttribute('href')))).toEqual([
      'http://shop.example.com/',
      'https://shop.example.com/',
      'https://www.shop.example.com/',
    ]);

    // The card is the heading's nearest ancestor that contains a table.
    const dependencies = page.getByRole('heading', { name: 'Depends on resources' }).locator('xpath=ancestor::*[.//table][1]');
    await dependencies.locator('table a').first().waitFor();
    await expect(dependencies.locator(`a[href$="/catalog/default/resource/${SITE_HOST}"]`).count()).resolves.toBe(1);
    await expect(dependencies.locator(`a[href$="/catalog/default/resource/${SITE_HOST}--shop"]`).count()).resolves.toBe(1);
    await expect(dependencies.locator(`a[href$="/catalog/default/resource/${SITE_HOST}--shopcheckout"]`).count()).resolves.toBe(1);

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('inspector shows the IIS annotations', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Inspect entity' }).click();

    const dialog = page.getByRole('dialog').filter({ hasText: 'iis.net/server' });
    await dialog.waitFor();
    await expect(dialog.getByText('iis.net/bindings').count()).resolves.toBeGreaterThan(0);
    await expect(dialog.getByText('iis.net/app-pool').count()).resolves.toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('Refresh shows a changed binding', async () => {
    const { page } = browser;
    changeServer(SITE_HOST, reading => {
      const site = reading.sites.find(candidate => candidate.name === SITE_NAME)!;
      site.bindings = site.bindings.map(binding =>
        binding.protocol === 'http' ? parseBinding('http', '*:8080:shop.example.com') : binding,
      );
    });

    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText('Refresh scheduled').waitFor();

    const newLink = page.locator('a[href="http://shop.example.com:8080/"]');
    await reloadUntilVisible(page, newLink, REFRESH_TIMEOUT_MS);
    await expect(page.locator('a[href="http://shop.example.com/"]').count()).resolves.toBe(0);
  });

  it('server Refresh drops a removed site', async () => {
    const { page } = browser;
    changeServer(REMOVAL_HOST, reading => {
      reading.sites = reading.sites.filter(site => site.name !== REMOVED_SITE);
    });

    await page.goto(`${demo.appUrl}/catalog/default/resource/${REMOVAL_HOST}`);
    await page.getByRole('heading', { name: REMOVAL_HOST, level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText('Refresh scheduled').waitFor();

    await page.goto(`${demo.appUrl}/catalog`);
    await reloadUntilVisible(page, componentsHeading(page, siteCount() - 1), REFRESH_TIMEOUT_MS);
    await expect(entityLinks(page, 'component', REMOVED_ENTITY).count()).resolves.toBe(0);
    await expect(entityLinks(page, 'component', SITE_ENTITY).count()).resolves.toBe(1);
  });

  it('claimant page shows the site facts', async () => {
    const { page } = browser;
    await page.goto(`${demo.appUrl}/catalog/default/component/${CLAIMANT_ENTITY}`);
    await page.getByRole('heading', { name: CLAIMANT_TITLE, level: 2 }).waitFor();

    // The declared link stays, and the site's own binding link follows it.
    await page.locator('a[href="https://cdn.example.com/"]').waitFor();
    await expect(page.locator('a[href="http://cdn.example.com:8080/"]').count()).resolves.toBe(1);
    const dependencies = page.getByRole('heading', { name: 'Depends on resources' }).locator('xpath=ancestor::*[.//table][1]');
    await dependencies.locator('table a').first().waitFor();
    await expect(dependencies.locator(`a[href$="/catalog/default/resource/${SITE_HOST}"]`).count()).resolves.toBe(1);
    await expect(dependencies.locator(`a[href$="/catalog/default/resource/${SITE_HOST}--staticcontent"]`).count()).resolves.toBe(1);
    await page.screenshot({ path: CLAIMANT_SCREENSHOT, fullPage: true });

    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Inspect entity' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'iis.net/site' });
    await dialog.waitFor();
    await expect(dialog.getByText('iis.net/claim-findings').count()).resolves.toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('unknown entity shows not found', async () => {
    const { page } = browser;
    await page.goto(`${demo.appUrl}/catalog/default/component/no-such-site`);

    await page.getByText('Entity not found').waitFor();
  });

  it('browser stayed on 127.0.0.1', () => {
    expect(browser.blockedRequests).toEqual([]);
  });
});

describe('demo backend guards', () => {
  const authRefresh = () => `${demo.catalogUrl.replace('/api/catalog', '/api/auth')}/guest/refresh?optional&env=development`;

  it('allows the app origin through CORS', async () => {
    const response = await fetch(authRefresh(), { headers: { Origin: demo.appUrl, 'X-Requested-With': 'XMLHttpRequest' } });

    expect(response.headers.get('access-control-allow-origin')).toBe(demo.appUrl);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('gives other origins no CORS grant', async () => {
    const response = await fetch(authRefresh(), { headers: { Origin: 'http://127.0.0.2:3000', 'X-Requested-With': 'XMLHttpRequest' } });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
