/**
 * What the end-to-end tests stand on: is the environment there (Docker
 * engine + test image, Chromium), headless Chromium with a fresh profile,
 * labelled test containers with a file-based healthcheck, chaos run directly
 * on the host, and screenshots under `test-artifacts/`.
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { dockerAvailable, fixtureDocker, startTestContainer } from '@agentos/docker-tools/testing';

/** Where screenshots go (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
/** Debian's Chromium (scripts/browser-up.sh installs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Can the e2e tests run here? `reason` says what is missing and how to fix it.
 * @example const env = await e2eEnvironment(); if (!env.ok) console.warn(env.reason);
 */
export async function e2eEnvironment(): Promise<{ ok: boolean; reason?: string }> {
  const docker = await dockerAvailable();
  if (!docker.ok) return { ok: false, reason: docker.reason ?? 'no Docker engine' };
  if (!existsSync(CHROMIUM)) return { ok: false, reason: `no Chromium at ${CHROMIUM}; run \`bash scripts/browser-up.sh\` (or set CHROMIUM_PATH)` };
  if (!existsSync(fileURLToPath(new URL('../dist/index.html', import.meta.url)))) {
    return { ok: false, reason: 'the front end is not built; run `npm run build -w @agentos/example-monitor-app` (npm run test:example does it)' };
  }
  return { ok: true };
}

/** A headless Chromium with a fresh profile, and how to get rid of both. */
export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Launch Debian's Chromium headless, with a fresh user-data-dir, no network
 * features (QUIC, sync, component updates) and a desktop-sized viewport.
 * @example const browser = await launchBrowser(); await browser.page.goto(url);
 */
export async function launchBrowser(options: { width?: number; height?: number } = {}): Promise<Browser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'agentos-monitor-e2e-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: options.width ?? 1360, height: options.height ?? 860 },
      deviceScaleFactor: 1,
      colorScheme: 'light',
      reducedMotion: 'reduce',
      timeout: 30_000,
    });
  } catch (e) {
    await rm(profile, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  context.on('page', (p) => watch(p, errors));
  watch(page, errors);
  let closed: Promise<void> | undefined;
  return {
    context,
    page,
    errors,
    close: () =>
      (closed ??= (async () => {
        try {
          await context.close();
        } finally {
          await rm(profile, { recursive: true, force: true });
        }
      })()),
  };
}

function watch(page: Page, errors: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
}

/**
 * Save a full-page screenshot as `test-artifacts/<name>.png`.
 * @example await screenshot(page, '01-monitor');
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** A fake secret the test database prints, so the policies have something to protect. */
export const FAKE_SECRET = 'DB_PASSWORD=hunter2';

/**
 * Start a labelled busybox test container (network `none`) that is healthy
 * while `/tmp/ok` exists; a restart re-creates the file. It stops at once on
 * SIGTERM, so restarts take no graceful-stop timeout.
 * @example await startHealthContainer(runId, 'db-1a2b');
 */
export async function startHealthContainer(runId: string, name: string, options: { healthcheck?: boolean } = {}): Promise<void> {
  await startTestContainer({
    runId,
    name,
    cmd: ['sh', '-c', `trap 'exit 0' TERM; touch /tmp/ok; echo "${name} ready"; echo "connecting with ${FAKE_SECRET}"; sleep 3600 & wait`],
    ...(options.healthcheck === false ? {} : { healthcheck: { test: ['CMD', 'test', '-f', '/tmp/ok'], intervalMs: 1000, retries: 1 } }),
    labels: { 'com.example.team': 'e2e' },
  });
}

/**
 * Run a command in a container directly on the Docker host — the test's
 * chaos, not an AgentOS tool call. Throws when it exits non-zero.
 * @example await chaosExec('db-1a2b', ['rm', '/tmp/ok']);
 */
export async function chaosExec(container: string, cmd: string[]): Promise<void> {
  const exec = await fixtureDocker().getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({});
  await new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('error', reject);
    stream.resume();
  });
  const info = await exec.inspect();
  if (info.ExitCode !== 0) throw new Error(`${cmd.join(' ')} in ${container} exited with ${info.ExitCode}`);
}

/**
 * Wait for the health status Docker reports (for setup, before the UI is asked).
 * @example await dockerHealth('db-1a2b', 'healthy');
 */
export async function waitForDockerHealth(container: string, health: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const info = await fixtureDocker().getContainer(container).inspect();
    last = info.State.Health?.Status ?? 'none';
    if (last === health) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${container} did not become ${health} within ${timeoutMs} ms (last: ${last})`);
}

/** When Docker reported each health status of a container (epoch ms). */
export interface HealthWatch {
  /** The first time Docker reported `health` at or after `since`, if it did. */
  reportedAt(health: string, since: number): number | undefined;
  stop(): void;
}

/**
 * Record the `health_status` events Docker emits for a container, to tell a
 * slow engine from a slow page when a timing check fails.
 * @example const watch = await watchDockerHealth('db-1a2b'); … watch.reportedAt('unhealthy', t0);
 */
export async function watchDockerHealth(container: string): Promise<HealthWatch> {
  const seen: Array<{ health: string; at: number }> = [];
  const stream = (await fixtureDocker().getEvents({ filters: { container: [container], event: ['health_status'] } })) as NodeJS.ReadableStream & { destroy(): void };
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      const status = String((JSON.parse(line) as { status?: string }).status ?? '');
      seen.push({ health: status.replace(/^health_status:\s*/, ''), at: Date.now() });
    }
  });
  stream.on('error', () => undefined); // destroyed on stop
  return {
    reportedAt: (health, since) => seen.find((s) => s.health === health && s.at >= since)?.at,
    stop: () => stream.destroy(),
  };
}
