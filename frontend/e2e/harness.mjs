// Shared machinery of the browser tests: the real `kurs` binary with demo data on a free
// port and a fresh data directory, Debian's chromium through playwright-core, axe-core
// injected from node_modules, and screenshots under test-output/screenshots.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const FRONTEND = resolve(here, '..');
export const REPO = resolve(FRONTEND, '..');
export const SCREENSHOTS = resolve(
  process.env.KURS_SCREENSHOT_DIR ?? join(REPO, 'test-output', 'screenshots'),
);
export const PASSWORD = 'kurs-demo-2026';
const CHROMIUM = process.env.KURS_CHROMIUM ?? '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The `kurs` binary: $KURS_BIN, or a fresh `cargo build -p kurs` (debug). */
function kursBinary() {
  if (process.env.KURS_BIN) return process.env.KURS_BIN;
  const build = spawnSync('cargo', ['build', '-q', '-p', 'kurs'], {
    cwd: REPO,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('cargo build -p kurs failed');
  const target = process.env.CARGO_TARGET_DIR ?? join(REPO, 'target');
  return join(target, 'debug', 'kurs');
}

/** A port that was free a moment ago (the binary's log names the configured address). */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** Starts `kurs serve --demo` on a free port; resolves with its base URL and a stop(). */
export async function startServer() {
  if (!existsSync(join(FRONTEND, 'dist', 'index.html'))) {
    throw new Error('frontend/dist is missing: run `npm run build` first');
  }
  const binary = kursBinary();
  const dataDir = mkdtempSync(join(tmpdir(), 'kurs-e2e-'));
  const port = await freePort();
  const child = spawn(binary, ['serve', '--demo'], {
    env: {
      ...process.env,
      KURS_DATA_DIR: dataDir,
      KURS_LISTEN: `127.0.0.1:${port}`,
      KURS_SECURE_COOKIES: 'false',
      KURS_LOG_FORMAT: 'text',
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const baseUrl = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`kurs did not start:\n${log}`)), 120_000);
    const onData = (chunk) => {
      log += chunk.toString();
      // eslint-disable-next-line no-control-regex -- strips ANSI colours from the log
      const plain = log.replace(/\x1b\[[0-9;]*m/g, '');
      const match = /running on (http:\/\/127\.0\.0\.1:\d+)/.exec(plain);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kurs exited with ${code}:\n${log}`));
    });
  });
  return {
    baseUrl,
    log: () => log,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium per language. On Linux, date inputs (`tt.mm.jjjj` vs `dd/mm/yyyy`) follow the
 * browser's UI locale, which comes from the LANG/LANGUAGE environment (with the
 * chromium-l10n locale files) and not from the context's `locale` or `<html lang>`; so the
 * German suite runs in a German browser and the English screens in a British one.
 */
export async function launchBrowser({ language = 'de' } = {}) {
  const locale = language === 'en' ? 'en_GB' : 'de_DE';
  return chromium.launch({
    executablePath: CHROMIUM,
    env: { ...process.env, LANG: `${locale}.UTF-8`, LANGUAGE: `${locale}:${language}` },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--lang=${language === 'en' ? 'en-GB' : 'de-DE'}`,
    ],
  });
}

/**
 * A fresh browser context (own cookies) and page. Every request must stay on the server:
 * anything else is recorded in `foreignRequests` (DSGVO: no third-party requests).
 */
export async function newPage(browser, baseUrl, { language = 'de' } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: language === 'en' ? 'en-GB' : 'de-DE',
  });
  const page = await context.newPage();
  page.foreignRequests = [];
  page.pageErrors = [];
  page.on('request', (request) => {
    const url = request.url();
    // data: and blob: URLs never leave the browser (blob: = the JSON export download).
    if (!url.startsWith(baseUrl) && !/^(data|blob):/.test(url)) page.foreignRequests.push(url);
  });
  page.on('pageerror', (error) => page.pageErrors.push(error.message));
  if (language === 'en') {
    await context.addInitScript(() => window.localStorage.setItem('kurs.language', 'en'));
  }
  return page;
}

export async function login(page, baseUrl, username) {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.locator('nav.app-nav').waitFor();
}

/** Waits until nothing says "loading" any more. */
export async function settled(page) {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.loading')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {});
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA) on the page; returns the violations. */
export async function axeViolations(page) {
  // page.evaluate goes through the DevTools protocol, so the strict CSP does not block it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
}

export function formatViolations(violations) {
  return violations
    .map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`)
    .join('\n');
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
