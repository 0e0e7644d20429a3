import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { parseClientFrame } from './frames.js';
import type { ClientFrame, PlaygroundSnapshot, ServerFrame } from './protocol.js';

interface Serving {
  snapshot(): PlaygroundSnapshot;
  act(frame: ClientFrame, reply: (frame: ServerFrame) => void): void;
}

/** A frame is small; a page sending megabytes is not a page. */
const maxFrameBytes = 64 * 1024;

/**
 * The pages connected at /ws: each gets a snapshot on connecting, then every change as a
 * frame. What a page sends is checked (frames.ts) before `act` sees it.
 */
export class PageHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  private readonly pages = new Set<WebSocket>();
  private serving: Serving | undefined;

  /** Pages are let in once the bot is ready; until then they are asked to come back (the page retries). */
  serve(serving: Serving): void {
    this.serving = serving;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // Browsers let any web site open a WebSocket to 127.0.0.1; only pages served from this machine may drive the bot.
    if (!fromThisMachine(req.headers.origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const serving = this.serving;
    if (!serving) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (page) => this.connect(page, serving));
  }

  broadcast(frame: ServerFrame): void {
    const text = JSON.stringify(frame);
    for (const page of this.pages) send(page, text);
  }

  close(): void {
    for (const page of this.pages) page.terminate();
    this.wss.close();
  }

  private connect(page: WebSocket, serving: Serving): void {
    this.pages.add(page);
    const reply = (frame: ServerFrame) => send(page, JSON.stringify(frame));
    page.on('close', () => this.pages.delete(page));
    page.on('error', () => this.pages.delete(page));
    page.on('message', (data) => {
      const parsed = parseClientFrame(String(data));
      if (parsed.ok) serving.act(parsed.frame, reply);
      else reply({ type: 'error', ...(parsed.requestId ? { requestId: parsed.requestId } : {}), message: parsed.message });
    });
    reply({ type: 'snapshot', snapshot: serving.snapshot() });
  }
}

/** A page that is closing misses the frame; it gets a fresh snapshot when it reconnects. */
function send(page: WebSocket, text: string): void {
  if (page.readyState === WebSocket.OPEN) page.send(text);
}

const localHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** No Origin: not a browser (a test, a script). Otherwise the page must come from this machine. */
function fromThisMachine(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return localHosts.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}
