import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { APIAttachment } from 'discord.js';
import type { SharedPortSite } from './discord/index.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};
/** Discord's own limit for a file a member attaches without Nitro. */
const uploadLimitBytes = 10 * 1024 * 1024;

const notBuilt = (pageDir: string) => `<!doctype html>
<meta charset="utf-8"><title>Tutor playground</title>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>The playground page is not built yet</h1>
<p>The bot and its local Discord are running, but there is no page in <code>${pageDir}</code> to show them.</p>
<p>Build it with <code>npm run build</code> (or just <code>npm start</code>, which builds what is stale), then reload this page.</p>
</body>`;

export interface SiteParts {
  /** The page's built files (index.html and assets/). */
  pageDir: string;
  /** The page's WebSocket at /ws. */
  upgradeToPage(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Stores an uploaded file where the local Discord's CDN serves it. */
  upload(filename: string, data: Buffer, contentType: string): APIAttachment;
}

/**
 * What the playground's port serves besides Discord's API and gateway: the page's built files,
 * the page's WebSocket at /ws, and POST /uploads for files attached to command options.
 */
export function playgroundSite(parts: SiteParts): SharedPortSite {
  const root = path.resolve(parts.pageDir);
  return {
    handleUpgrade(req, socket, head) {
      if (pathOf(req) !== '/ws') return false;
      parts.upgradeToPage(req, socket, head);
      return true;
    },
    handleRequest(req, res) {
      const pathname = pathOf(req);
      if (req.method === 'POST' && pathname === '/uploads') {
        void receiveUpload(req, res, parts).catch((error: Error) => send(res, 500, 'text/plain; charset=utf-8', error.message));
        return true;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      if (pathname.startsWith('/api/') || pathname.startsWith('/attachments/')) return false;
      const file = pathname === '/' ? path.join(root, 'index.html') : path.join(root, pathname);
      // A path that climbs out of the page's folder is not a page file.
      if (!file.startsWith(root + path.sep)) return false;
      if (pathname === '/' && !existsSync(file)) {
        send(res, 200, 'text/html; charset=utf-8', notBuilt(parts.pageDir));
        return true;
      }
      if (!existsSync(file) || !statSync(file).isFile()) return false;
      send(res, 200, contentTypes[path.extname(file)] ?? 'application/octet-stream', readFileSync(file));
      return true;
    },
  };
}

async function receiveUpload(req: IncomingMessage, res: ServerResponse, parts: SiteParts): Promise<void> {
  const filename = new URL(req.url ?? '/', 'http://playground').searchParams.get('filename')?.trim();
  if (!filename) return send(res, 400, 'text/plain; charset=utf-8', 'POST /uploads?filename=<name> with the file as the body.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > uploadLimitBytes) return send(res, 413, 'text/plain; charset=utf-8', 'Files are limited to 10 MB, as on Discord.');
    chunks.push(chunk as Buffer);
  }
  const contentType = req.headers['content-type'] || 'application/octet-stream';
  send(res, 200, 'application/json', JSON.stringify(parts.upload(filename, Buffer.concat(chunks), contentType)));
}

function pathOf(req: IncomingMessage): string {
  try {
    return decodeURIComponent(new URL(req.url ?? '/', 'http://playground').pathname);
  } catch {
    return '/';
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}
