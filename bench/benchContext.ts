/**
 * A fresh browser context for one participant. tsx compiles the bench with esbuild's keepNames,
 * which wraps named functions in `__name(...)`; functions handed to page.evaluate carry those
 * calls into the page, so every page gets a no-op `__name` before its own scripts run.
 */
import type { Browser, BrowserContext } from '@playwright/test';

const KEEP_NAMES_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

export async function newBenchContext(browser: Browser, label: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addInitScript({ content: KEEP_NAMES_SHIM });
  context.setDefaultTimeout(15_000);
  context.on('page', (page) => {
    page.on('pageerror', (error) => console.error(`  [${label} page error] ${error.message}`));
  });
  return context;
}
