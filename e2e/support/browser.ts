import axe from 'axe-core';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startServer } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { DEMO_PASSWORD } from '../../src/services/demo/load-demo-accounts.ts';

/** What the browser tests share: Debian's Chromium, the app on a free port, signing in, and axe. */

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** Says why a file's browser tests are skipped, when they are. */
export function warnIfNoChromium(file: string): void {
  if (!hasChromium)
    console.warn(
      `Skipping the browser tests in ${file}: ${CHROMIUM} does not exist (install it with "apt-get install -y chromium").`,
    );
}

export interface Site {
  app: FastifyInstance;
  baseURL: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Serves the database as production does (over plain HTTP on loopback) and launches Chromium. */
export async function openSite(handle: DatabaseHandle): Promise<Site> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    SECURE_COOKIES: 'false',
  });
  const server = await startServer(config, handle);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    app: server.app,
    baseURL: server.address,
    browser,
    async close() {
      await browser.close();
      await server.app.close();
    },
  };
}

/**
 * A new browser, signed in through the form as a person would: asked for a
 * page, sent to sign in, then brought back to it. Without scripts unless
 * asked (the pages must not need them); with them, the content security
 * policy is bypassed so that axe, an inline script, can run.
 */
export async function signedIn(
  site: Site,
  email: string,
  options: { withScripts?: boolean; startAt?: string } = {},
): Promise<BrowserContext> {
  const context = await site.browser.newContext(
    options.withScripts
      ? { baseURL: site.baseURL, bypassCSP: true }
      : { baseURL: site.baseURL, javaScriptEnabled: false },
  );
  const startAt = options.startAt ?? '/scorecard';
  const page = await context.newPage();
  await page.goto(startAt);
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname === startAt),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await page.close();
  return context;
}

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

/** What axe finds against WCAG 2.2 A and AA on the page, one line per rule broken. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(
    async (tags) =>
      (
        await (window as unknown as { axe: typeof axe }).axe.run(document, {
          runOnly: { type: 'tag', values: tags },
        })
      ).violations,
    WCAG_22_AA,
  );
  return (violations as AxeViolation[]).map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
}
