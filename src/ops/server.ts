import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Health } from './health.js';

export interface OpsServer {
  address: AddressInfo;
  close(): Promise<void>;
}

export interface OpsServerOptions {
  host: string;
  port: number;
  registry: Registry;
  health(): Health;
}

/**
 * `GET /healthz`: 200 "ok" when every check passes, 503 with one line per failing check
 * otherwise (plain text, for load balancers and people). `GET /metrics`: Prometheus text.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    if (url.pathname === '/healthz') {
      const health = options.health();
      const body = health.ok ? `ok: ${health.checks.map((check) => `${check.name} ${check.detail}`).join(', ')}\n` : health.checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.detail}\n`).join('');
      response.writeHead(health.ok ? 200 : 503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(body);
      return;
    }
    if (url.pathname === '/metrics') {
      options.registry.metrics().then(
        (text) => response.writeHead(200, { 'Content-Type': options.registry.contentType }).end(text),
        (error: unknown) => response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      return;
    }
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found: try /healthz or /metrics\n');
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    address: server.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
