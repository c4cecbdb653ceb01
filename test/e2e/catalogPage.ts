import { Locator, Page } from 'playwright-core';

/** Signs in on the app's sign-in page with the guest provider and waits for the app's sidebar. */
export async function signInAsGuest(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl);
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('link', { name: 'Catalog' }).first().waitFor();
}

/** Finds the links to an entity, in tables and on entity pages, by the end of their path. */
export function entityLinks(page: Page, kind: string, name: string): Locator {
  return page.locator(`a[href$="/catalog/default/${kind}/${name}"]`);
}

/**
 * Reloads the page until `locator` is visible, as a user who waits for the catalog does, and throws
 * after `timeoutMs`. The entity pages and the catalog list load their data once and never poll, so
 * a change in the catalog shows only after a reload.
 */
export async function reloadUntilVisible(page: Page, locator: Locator, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Each load gets up to 3 seconds to render its data before the next reload.
    const remaining = deadline - Date.now();
    try {
      await locator.first().waitFor({ timeout: Math.max(1, Math.min(remaining, 3000)) });
      return;
    } catch (error) {
      if (Date.now() >= deadline) {
        throw new Error(`${locator} was not visible within ${timeoutMs / 1000} s of reloading the page: ${String(error)}`);
      }
    }
    await page.reload();
  }
}
