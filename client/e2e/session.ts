import type { Browser } from 'playwright-core';
import { startTestEnv, type TestEnv } from '../../server/test/harness';
import { CLIENT_DIST, launchChromium } from './browser';
import { Browsers } from './pages';

/** What a browser suite works with, once its beforeAll has run. */
export interface BrowserSession {
  /** The server, serving the built client. */
  readonly env: TestEnv;
  readonly browser: Browser;
  /** Pages as different users; their page errors fail the test they happen in. */
  readonly browsers: Browsers;
}

export interface BrowserSessionOptions {
  /** More server settings; a function when they are known only in beforeAll (e.g. the port of an SMTP sink). */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Default timeout of every page action, in ms. */
  timeoutMs?: number;
}

/**
 * Registers the hooks of a browser suite (call it inside `describe`): beforeAll starts a test server serving the
 * built client and a headless Chromium, afterEach asserts that no page threw, afterAll closes pages, browser and
 * server. Seeding goes in a beforeAll registered after it; teardown that must follow the server's in an afterAll
 * registered after it (jest runs the hooks of a block in the order they were declared).
 */
export function browserSession(options: BrowserSessionOptions = {}): BrowserSession {
  let env: TestEnv | undefined;
  let browser: Browser | undefined;
  let browsers: Browsers | undefined;
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browser session: ${what} not started (did beforeAll fail?)`);
    return value;
  };

  beforeAll(async () => {
    const extra = typeof options.env === 'function' ? options.env() : (options.env ?? {});
    const started = await startTestEnv({ SERVE_CLIENT: 'true', CLIENT_DIST, ...extra });
    env = started;
    browser = await launchChromium();
    browsers = new Browsers(browser, () => started.url, options.timeoutMs);
  });
  afterAll(async () => {
    await browsers?.close();
    await browser?.close();
    await env?.close();
  });
  afterEach(() => {
    expect(ready(browsers, 'the browser').errors.splice(0)).toEqual([]);
  });

  return {
    get env() {
      return ready(env, 'the server');
    },
    get browser() {
      return ready(browser, 'the browser');
    },
    get browsers() {
      return ready(browsers, 'the browser');
    },
  };
}
