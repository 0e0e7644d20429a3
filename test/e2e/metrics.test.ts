import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DatabaseProbe, gatewayCheck, overallHealth } from '../../src/ops/health.js';
import { metrics, registry, watchClient } from '../../src/ops/metrics.js';
import { startOpsServer, type OpsServer } from '../../src/ops/server.js';
import { useBotHarness } from '../support/bot-harness.js';
import { useTempDir } from '../support/temp.js';

const startHarness = useBotHarness();
const tempDir = useTempDir();
const servers: OpsServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const total = async (counter: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> }, labels: Record<string, string> = {}) =>
  (await counter.get()).values.filter((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted)).reduce((sum, value) => sum + value.value, 0);

describe('metrics of a running bot', () => {
  test('GIVEN a 429 from Discord and a dropped gateway connection THEN both are counted', async () => {
    const { fake, bot } = await startHarness();
    watchClient(bot.client);
    const limitedBefore = await total(metrics.rest429);
    const reconnectsBefore = await total(metrics.gatewayReconnects);

    fake.rateLimitNext(/\/callback/, 0.05);
    await fake.slash({ name: 'lesson', options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] }).response();
    expect(await total(metrics.rest429)).toBe(limitedBefore + 1);

    fake.disconnect(4000);
    await fake.waitForResume(1);
    expect(await total(metrics.gatewayReconnects)).toBe(reconnectsBefore + 1);
  });

  test('GIVEN an answered and a refused interaction THEN each is counted by command and outcome, and logged at info without content', async () => {
    const { fake, logs } = await startHarness();
    const ok = await total(metrics.interactions, { command: 'lesson', outcome: 'ok' });
    const refused = await total(metrics.interactions, { command: 'config', outcome: 'refused' });
    await fake.slash({ name: 'lesson', options: [{ name: 'topic', type: 3, value: 'oauth-basics' }] }).response();
    await fake.slash({ name: 'config', user: 'bob', options: [{ name: 'view', type: 1, options: [] }] }).response();
    // The count and the line come once the answer has been sent, just after Discord has it.
    await vi.waitFor(async () => expect(await total(metrics.interactions, { command: 'config', outcome: 'refused' })).toBe(refused + 1));
    await vi.waitFor(async () => expect(await total(metrics.interactions, { command: 'lesson', outcome: 'ok' })).toBe(ok + 1));

    const lines = logs()
      .split('\n')
      .filter((line) => line.includes('"msg":"interaction handled"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.level, line.command, line.outcome])).toEqual([
      [30, 'lesson', 'ok'],
      [30, 'config', 'refused'],
    ]);
    expect(lines.every((line) => typeof line.durationMs === 'number' && typeof line.interactionId === 'string')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('oauth-basics');
  });

  test('GIVEN the listener THEN /healthz is 200 while connected and 503 with the reason once the gateway is gone; /metrics is Prometheus text', async () => {
    const harness = await startHarness();
    const probe = new DatabaseProbe(harness.databasePath);
    const server = await startOpsServer({ host: '127.0.0.1', port: 0, registry, health: () => overallHealth([gatewayCheck(harness.bot.client), probe.check()]) });
    servers.push(server);
    const url = `http://127.0.0.1:${server.address.port}`;

    const healthy = await fetch(`${url}/healthz`);
    expect([healthy.status, await healthy.text()]).toEqual([200, 'ok: gateway connected, database writable\n']);

    await harness.bot.client.destroy();
    const down = await fetch(`${url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.text()).toMatch(/^gateway: not connected to the Discord gateway.*\n$/);

    const scrape = await fetch(`${url}/metrics`);
    expect(scrape.headers.get('content-type')).toBe(registry.contentType);
    expect(await scrape.text()).toContain('# TYPE tutor_interaction_duration_seconds histogram');
    expect((await fetch(`${url}/nothing`)).status).toBe(404);
    probe.close();
  });

  test('GIVEN a database file that has gone THEN /healthz is 503 naming the database', async () => {
    const probe = new DatabaseProbe(path.join(tempDir(), 'missing.db'));
    const server = await startOpsServer({ host: '127.0.0.1', port: 0, registry, health: () => overallHealth([{ name: 'gateway', ok: true, detail: 'connected' }, probe.check()]) });
    servers.push(server);
    const response = await fetch(`http://127.0.0.1:${server.address.port}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/^database: database not writable \(SQLITE_CANTOPEN/);
  });
});
