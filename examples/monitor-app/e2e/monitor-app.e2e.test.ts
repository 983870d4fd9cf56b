/**
 * The monitor app end to end: the real server on the real Docker engine,
 * the page in headless Chromium. In CI a missing engine or browser fails;
 * locally the suite is skipped with the reason.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSlackReceiver, type HttpReceiver } from '@agentos/core/testing';
import { createMemoryHost, newRunId, removeTestContainers, TEST_LABEL } from '@agentos/docker-tools/testing';
import { startMonitorApp, type MonitorApp } from '../src/server.js';
import { ARTIFACTS, chaosExec, e2eEnvironment, launchBrowser, screenshot, startHealthContainer, waitForDockerHealth, watchDockerHealth, type Browser } from './harness.js';

const env = await e2eEnvironment();
if (!env.ok && !process.env.CI) console.warn(`[monitor-app e2e] skipped: ${env.reason}`);

/** The health-check interval of the test containers, ms. */
const HEALTH_INTERVAL_MS = 1000;
const TOKEN = 'e2e-token-0123456789abcdef';

if (!env.ok && process.env.CI) {
  describe('monitor app e2e', () => {
    it('needs Docker, the test image, Chromium and the built front end', () => {
      throw new Error(`required in CI but unavailable: ${env.reason}`);
    });
  });
}

/**
 * The chaos: remove the container's health file directly on the host, then
 * expect its row to say unhealthy within the health-check interval plus a
 * second — no reload. A failure says whether Docker or the page was late.
 */
async function expectUnhealthyInTime(p: Page, container: string): Promise<void> {
  const limitMs = HEALTH_INTERVAL_MS + 1000;
  const watch = await watchDockerHealth(container);
  try {
    await chaosExec(container, ['rm', '/tmp/ok']);
    const started = Date.now();
    try {
      await p.locator(`[data-testid="container-row-${container}"][data-health="unhealthy"]`).waitFor({ timeout: limitMs });
    } catch (e) {
      const docker = watch.reportedAt('unhealthy', started);
      const why = docker === undefined ? 'Docker itself had not reported it yet' : `Docker reported it after ${docker - started} ms`;
      throw new Error(`the row of ${container} did not show unhealthy within ${limitMs} ms of the chaos (${why})`, { cause: e });
    }
    const docker = watch.reportedAt('unhealthy', started);
    console.info(`[monitor-app e2e] ${container} unhealthy on the page after ${Date.now() - started} ms (Docker reported it after ${docker === undefined ? '?' : docker - started} ms; limit ${limitMs} ms)`);
  } finally {
    watch.stop();
  }
}

/** Run a test body; on failure, save a screenshot of where the page stood. */
async function step(page: () => Page | undefined, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    const p = page();
    if (p) await screenshot(p, `FAILED-${name}`).catch(() => undefined);
    throw e;
  }
}

describe.skipIf(!env.ok)('monitor app on the real Docker engine, in Chromium', () => {
  const runId = newRunId('monitor-e2e');
  const tag = runId.slice(-6);
  const db = `db-${tag}`;
  const web = `web-${tag}`;
  const cache = `cache-${tag}`;
  let slack: HttpReceiver | undefined;
  let app: MonitorApp | undefined;
  let browser: Browser | undefined;
  const page = () => browser?.page;
  const row = (name: string) => browser!.page.getByTestId(`container-row-${name}`);

  beforeAll(async () => {
    slack = await startSlackReceiver();
    await Promise.all([startHealthContainer(runId, db), startHealthContainer(runId, web), startHealthContainer(runId, cache, { healthcheck: false })]);
    app = await startMonitorApp({
      port: 0,
      token: TOKEN,
      slackWebhookUrl: slack.url,
      docker: 'docker',
      // Only this run's containers: other tests may be using the same engine.
      containerLabels: { [TEST_LABEL]: runId },
    });
    browser = await launchBrowser();
    await Promise.all([waitForDockerHealth(db, 'healthy'), waitForDockerHealth(web, 'healthy')]);
  });

  afterAll(async () => {
    // Each cleanup runs even when another fails.
    const results = await Promise.allSettled([browser?.close(), app?.close(), slack?.close(), removeTestContainers(runId)]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length) throw new AggregateError(failed.map((f) => f.reason), 'cleanup failed');
  });

  it('serves the page with the token on 127.0.0.1, and lists the test containers live', () =>
    step(page, 'dashboard', async () => {
      expect(app!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(app!.docker.kind).toBe('docker');
      const p = browser!.page;
      await p.goto(`${app!.url}/#/monitor`);
      await expect.poll(() => p.title()).toBe('AgentOS Monitor');
      await p.getByTestId('engine-badge').and(p.locator('[data-kind="docker"]')).waitFor();
      expect(await p.getByTestId('memory-banner').count()).toBe(0);
      for (const name of [db, web, cache]) await row(name).waitFor();
      await p.locator(`[data-testid="container-row-${db}"][data-health="healthy"]`).waitFor();
      await p.locator(`[data-testid="container-row-${web}"][data-health="healthy"]`).waitFor();
      expect(await row(cache).getAttribute('data-health')).toBe('none');
      expect(await row(db).getByTestId('container-state').textContent()).toBe('running');
      await p.getByTestId('stream-status').and(p.locator('[data-status="connected"]')).first().waitFor();
      await screenshot(p, '01-monitor');
    }));

  it('shows a container made unhealthy within its health-check interval plus a second, without reload', () =>
    step(page, 'unhealthy', async () => {
      const p = browser!.page;
      await p.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
      await expectUnhealthyInTime(p, db);
      expect(await row(db).getByTestId('container-health').textContent()).toBe('unhealthy');
      expect(await p.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
      await screenshot(p, '02-monitor-unhealthy');
    }));

  it('restarts it with one click: the restart count rises in the row and it is healthy again', () =>
    step(page, 'restart', async () => {
      const p = browser!.page;
      const before = Number(await row(db).getByTestId('container-restarts').textContent());
      await p.getByRole('button', { name: `Restart ${db}`, exact: true }).click();
      const result = p.getByTestId(`action-result-${db}`);
      await result.and(p.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });
      expect(await result.textContent()).toContain(`Restarted ${db}`);
      await expect.poll(async () => Number(await row(db).getByTestId('container-restarts').textContent()), { timeout: 10_000 }).toBeGreaterThan(before);
      await p.locator(`[data-testid="container-row-${db}"][data-health="healthy"]`).waitFor({ timeout: 10_000 });
      await screenshot(p, '03-monitor-restarted');
    }));

  it('"Send Alert" keeps the logs on screen: slack_notify is blocked for docker_logs data', () =>
    step(page, 'alert', async () => {
      const p = browser!.page;
      await p.getByRole('button', { name: `Send Alert for ${db}`, exact: true }).click();
      const result = p.getByTestId(`action-result-${db}`);
      await result.and(p.locator('[data-status="blocked"][data-action="alert"]')).waitFor({ timeout: 20_000 });
      expect(await result.textContent()).toContain('Alert displayed on screen only: the data comes from docker_logs');
      expect(await result.getByTestId('action-output').textContent()).toContain(`${db} ready`);
      await screenshot(p, '04-monitor-alert-blocked');
    }));

  it('builds docker_logs → slack_notify in the builder: the preview warns, the run blocks the notify step', () =>
    step(page, 'builder', async () => {
      const p = browser!.page;
      await p.getByRole('tab', { name: 'Runbook Builder' }).click();
      const builder = p.getByRole('region', { name: 'Runbook builder' });
      await builder.getByLabel('Workflow name').fill('Database Health Monitor');

      await builder.getByRole('button', { name: 'Add docker_logs' }).click();
      let settings = builder.getByTestId('step-settings');
      await settings.getByLabel('Step id').fill('logs');
      await settings.getByLabel('Step id').press('Enter');
      await builder.getByTestId('node-logs').waitFor();
      await settings.getByLabel(/^container/).fill(db);

      await builder.getByRole('button', { name: 'Add slack_notify' }).click();
      settings = builder.getByTestId('step-settings');
      await settings.getByLabel('Step id').fill('notify');
      await settings.getByLabel('Step id').press('Enter');
      await builder.getByTestId('node-notify').waitFor();
      await settings.getByLabel(/^text/).fill(`Logs of ${db}: {{ logs.text }}`);

      const notify = builder.getByTestId('node-notify');
      await notify.and(p.locator('[data-preview="blocked"]')).waitFor({ timeout: 10_000 });
      expect(await builder.getByTestId('node-preview-notify').textContent()).toBe(
        'Would be blocked: Cannot send untrusted data externally (untrusted data from docker_logs)',
      );
      expect(await builder.getByTestId('node-logs').getAttribute('data-preview')).toBe('allowed');
      const summary = builder.getByTestId('preview-summary');
      expect(await summary.getAttribute('data-blocked')).toBe('1');
      expect(await summary.textContent()).toContain('1 step would be blocked');
      const json = JSON.parse((await builder.getByTestId('workflow-json').textContent())!) as { name: string; steps: Array<{ id: string; args: Record<string, unknown> }> };
      expect(json.name).toBe('Database Health Monitor');
      expect(json.steps.find((s) => s.id === 'notify')?.args.text).toBe(`Logs of ${db}: {{ logs.text }}`);
      await screenshot(p, '05-builder-preview');

      await builder.getByRole('button', { name: 'Run workflow' }).click();
      await builder.getByTestId('node-logs').and(p.locator('[data-status="done"]')).waitFor({ timeout: 20_000 });
      await notify.and(p.locator('[data-status="blocked"]')).waitFor({ timeout: 20_000 });
      expect(await builder.getByTestId('node-run-notify').textContent()).toBe('Policy violation — Cannot send untrusted data externally');
      expect(await builder.getByTestId('run-violation').textContent()).toBe('❌ Policy Violation · Tool: slack_notify · Reason: Cannot send untrusted data externally');
      await screenshot(p, '06-builder-run-blocked');
    }));

  it('lists the block in the violation log: ⛔ … slack_notify … docker_logs', () =>
    step(page, 'violations', async () => {
      const p = browser!.page;
      await p.getByRole('tab', { name: /^Violations/ }).click();
      const log = p.getByRole('region', { name: 'Violation log' });
      const line = log.locator('[data-testid="violation-row"][data-workflow="Database Health Monitor"]');
      await line.first().waitFor({ timeout: 10_000 });
      const text = (await line.first().textContent())!;
      expect(text).toMatch(/^⛔/);
      expect(text).toContain('Workflow: "Database Health Monitor"');
      expect(text).toContain('Tool: slack_notify');
      expect(text).toContain('Source: docker_logs');
      // The alert from the dashboard was logged too.
      await log.locator('[data-testid="violation-row"][data-workflow="Send Alert"][data-tool="slack_notify"]').first().waitFor();
      await screenshot(p, '07-violations');
    }));

  it('says clearly that no LLM is configured on the Agent tab', () =>
    step(page, 'agent', async () => {
      const p = browser!.page;
      await p.getByRole('tab', { name: 'Agent' }).click();
      const note = p.getByTestId('no-agent');
      await note.waitFor();
      expect(await note.textContent()).toContain('No LLM configured');
      await screenshot(p, '08-agent');
    }));

  it('switches to the dark theme', () =>
    step(page, 'dark', async () => {
      const p = browser!.page;
      await p.getByRole('tab', { name: 'Monitor' }).click();
      await p.getByRole('button', { name: 'Switch to dark theme' }).click();
      expect(await p.locator('html').getAttribute('data-theme')).toBe('dark');
      expect(await p.getByRole('region', { name: 'Containers' }).getAttribute('data-theme')).toBe('dark');
      await screenshot(p, '09-monitor-dark');
      await p.getByRole('button', { name: 'Switch to light theme' }).click();
      expect(await p.locator('html').getAttribute('data-theme')).toBe('light');
    }));

  it('counts a second unhealthy container in the overview (and captures the dashboard for the README)', () =>
    step(page, 'readme', async () => {
      const p = browser!.page;
      await expectUnhealthyInTime(p, web);
      await expect.poll(() => p.getByTestId('figure-unhealthy').locator('.app-figure__value').textContent()).toBe('1');
      await p.setViewportSize({ width: 1280, height: 800 });
      const box = (await p.getByRole('region', { name: 'Containers' }).boundingBox())!;
      const file = `${ARTIFACTS}12-readme-dashboard.png`;
      await p.screenshot({ path: file, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(box.y + box.height + 24) }, animations: 'disabled' });
      if (process.env.UPDATE_README_SCREENSHOT) {
        // `UPDATE_README_SCREENSHOT=1 npm run test:example` refreshes the picture in packages/react-ui/README.md.
        const docs = fileURLToPath(new URL('../../../packages/react-ui/docs/', import.meta.url));
        await mkdir(docs, { recursive: true });
        await copyFile(file, `${docs}screenshot.png`);
      }
    }));

  it('sent nothing to Slack, and the page logged no errors', () => {
    expect(slack!.received).toEqual([]);
    expect(browser!.errors).toEqual([]);
  });
});

describe.skipIf(!env.ok)('monitor app without a daemon and without the token in the page', () => {
  let app: MonitorApp | undefined;
  let browser: Browser | undefined;
  const page = () => browser?.page;

  beforeAll(async () => {
    app = await startMonitorApp({
      port: 0,
      token: TOKEN,
      slackWebhookUrl: 'http://127.0.0.1:9/never-called',
      docker: [createMemoryHost({ name: 'demo', containers: [{ name: 'db', image: 'postgres:16', healthcheck: true }] })],
      tokenInPage: false,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    const results = await Promise.allSettled([browser?.close(), app?.close()]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length) throw new AggregateError(failed.map((f) => f.reason), 'cleanup failed');
  });

  it('asks for the token, refuses a wrong one, and shows the in-memory banner', () =>
    step(page, 'sign-in', async () => {
      const p = browser!.page;
      await p.goto(app!.url);
      await p.getByRole('heading', { name: 'Sign in' }).waitFor();
      await screenshot(p, '10-sign-in');
      await p.getByLabel('API token').fill('wrong-token-123');
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByRole('alert').filter({ hasText: 'The server refused that token' }).waitFor();
      await p.getByLabel('API token').fill(TOKEN);
      await p.getByRole('button', { name: 'Sign in' }).click();
      const banner = p.getByTestId('memory-banner');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('In-memory Docker host — no daemon found');
      await p.getByTestId('container-row-db').waitFor();
      await screenshot(p, '11-monitor-memory');
      // Kept for the tab: a reload stays signed in.
      await p.reload();
      await p.getByTestId('container-row-db').waitFor();
      // The refused sign-in is the only error the page logs (the 401 of the wrong token).
      expect(browser!.errors.filter((e) => !e.includes('401'))).toEqual([]);
    }));
});
