import type { ServerFrame } from '../../../src/playground/protocol.js';

import type { Outgoing } from "./context.js";

/**
 * The page's one WebSocket to the playground. Reconnects after a drop (the server restarted or
 * the laptop slept); every (re)connection starts with a fresh snapshot from the server.
 */
export class Connection {
  private socket: WebSocket | undefined;
  private counter = 0;
  private retryDelay = 250;
  private readonly handlers: ((frame: ServerFrame) => void)[] = [];
  private readonly statusHandlers: ((online: boolean) => void)[] = [];

  constructor(private readonly url: string) {}

  onFrame(handler: (frame: ServerFrame) => void): void {
    this.handlers.push(handler);
  }

  onStatus(handler: (online: boolean) => void): void {
    this.statusHandlers.push(handler);
  }

  open(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryDelay = 250;
      for (const handler of this.statusHandlers) handler(true);
    });
    socket.addEventListener('message', (event) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        console.warn('playground: a frame that is not JSON was ignored');
        return;
      }
      for (const handler of this.handlers) {
        try {
          handler(frame);
        } catch (error) {
          console.error('playground: showing a frame failed', frame.type, error);
        }
      }
    });
    socket.addEventListener('close', () => {
      for (const handler of this.statusHandlers) handler(false);
      setTimeout(() => this.open(), this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, 5000);
    });
  }

  /** Sends a frame and returns the request id the server's answer will echo. */
  send(frame: Outgoing): string {
    const requestId = `r${Date.now().toString(36)}-${(this.counter += 1)}`;
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ ...frame, requestId }));
    else console.warn('playground: not connected, the action was dropped');
    return requestId;
  }
}
