import { WebSocket } from 'ws';
import type { ClientFrame, PlaygroundSnapshot, ServerFrame } from '../../src/playground/protocol.js';

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

/** What a playground page does over its WebSocket, without a browser: send frames, read frames. */
export class PageClient {
  private readonly frames: ServerFrame[] = [];
  private readonly listeners = new Set<() => void>();
  private counter = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as ServerFrame);
      for (const listener of [...this.listeners]) listener();
    });
  }

  static async open(url: string): Promise<PageClient> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
    const page = new PageClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await page.next('snapshot', () => true);
    return page;
  }

  get snapshot(): PlaygroundSnapshot {
    const frame = this.frames.find((candidate): candidate is FrameOf<'snapshot'> => candidate.type === 'snapshot');
    if (!frame) throw new Error('no snapshot yet');
    return frame.snapshot;
  }

  memberId(name: string): string {
    const member = this.snapshot.members.find((candidate) => candidate.user.username === name.toLowerCase());
    if (!member) throw new Error(`no member ${name}`);
    return member.user.id;
  }

  channelId(name: string): string {
    const channel = this.snapshot.channels.find((candidate) => candidate.name === name && candidate.kind === 'text');
    if (!channel) throw new Error(`no channel #${name}`);
    return channel.id;
  }

  /** Sends a frame with a fresh request id and returns that id. */
  send(frame: DistributiveOmit<ClientFrame, 'requestId'>): string {
    const requestId = `r${++this.counter}`;
    this.socket.send(JSON.stringify({ ...frame, requestId }));
    return requestId;
  }

  /** The first frame of this type (already received or still to come) that matches. */
  next<T extends ServerFrame['type']>(type: T, matches: (frame: FrameOf<T>) => boolean, timeoutMs = 10_000): Promise<FrameOf<T>> {
    return new Promise((resolve, reject) => {
      const probe = () => {
        const found = this.frames.find((frame): frame is FrameOf<T> => frame.type === type && matches(frame as FrameOf<T>));
        if (!found) return false;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const listener = () => void probe();
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching ${type} frame within ${timeoutMs} ms; received: ${this.frames.map((frame) => frame.type).join(', ')}`));
      }, timeoutMs);
      if (!probe()) this.listeners.add(listener);
    });
  }

  received<T extends ServerFrame['type']>(type: T): FrameOf<T>[] {
    return this.frames.filter((frame): frame is FrameOf<T> => frame.type === type);
  }

  close(): void {
    this.socket.close();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
