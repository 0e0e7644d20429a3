import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants as zlibConstants, createDeflate, deflateSync, type Deflate } from 'node:zlib';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { guildOfEvent, parseShard, receives, type ShardPair } from './shards.js';
import type { RecordedIdentify } from './types.js';
import type { ChangeFeed } from './waiting.js';

// Gateway opcodes and close codes (https://discord.com/developers/docs/topics/opcodes-and-status-codes).
const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;
const Close = {
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidShard: 4010,
  ShardingRequired: 4011,
  InvalidApiVersion: 4012,
} as const;
const SYNC_FLUSH_SUFFIX = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const BACKLOG_LIMIT = 1000;

interface GatewayPayload {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  feed: ChangeFeed;
  /** READY plus the GUILD_CREATE events to send after it, given the identify's intents and shard. */
  onIdentify(sessionId: string, intents: number, shard: ShardPair): { ready: unknown; guildCreates: unknown[] };
  /** Every guild the bot is in, to refuse a session that would hold too many (4011). */
  guildIds(): readonly string[];
  guildsPerShard: number;
  resumeUrl(): string;
}

interface Session {
  id: string;
  /** [id, count] from IDENTIFY; [0, 1] when it had none. */
  shard: ShardPair;
  seq: number;
  /** Dispatches kept for RESUME replay. */
  backlog: GatewayPayload[];
  connection: Connection | null;
}

/** One websocket, with the compression it negotiated. */
class Connection {
  session: Session | null = null;
  private identifyCompress = false;
  private readonly deflate: Deflate | null;
  private pending: Buffer[] = [];

  constructor(readonly socket: WebSocket, zlibStream: boolean) {
    // zlib-stream: one deflate context for the whole connection, each message ends in a sync flush.
    // discord.js only asks for it when the optional `zlib-sync` package is installed.
    this.deflate = zlibStream ? createDeflate({ flush: zlibConstants.Z_SYNC_FLUSH }) : null;
    this.deflate?.on('data', (chunk: Buffer) => this.onDeflated(chunk));
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  enableIdentifyCompress(): void {
    this.identifyCompress = !this.deflate;
  }

  send(payload: GatewayPayload): void {
    if (!this.open) return;
    const json = JSON.stringify(payload);
    if (this.deflate) this.deflate.write(json);
    else if (this.identifyCompress) this.socket.send(deflateSync(json));
    else this.socket.send(json);
  }

  close(code: number, reason: string): void {
    if (this.open) this.socket.close(code, reason);
  }

  dispose(): void {
    this.deflate?.destroy();
    this.socket.terminate();
  }

  private onDeflated(chunk: Buffer): void {
    this.pending.push(chunk);
    if (!chunk.subarray(-4).equals(SYNC_FLUSH_SUFFIX)) return;
    const message = Buffer.concat(this.pending);
    this.pending = [];
    if (this.open) this.socket.send(message);
  }
}

/** One dispatch and the session it went to, so tests can tell which shard saw what. */
export interface Delivery {
  t: string;
  /** The event's own id (an interaction's id, a guild's id for GUILD_CREATE), when it has one. */
  id: string | null;
  sessionId: string;
  shard: ShardPair;
}

/**
 * The gateway half of the fake: HELLO, heartbeats, IDENTIFY -> READY + GUILD_CREATE,
 * RESUME with replay, and dispatching events to the bot's current session.
 */
export class LocalGateway {
  readonly identifies: RecordedIdentify[] = [];
  readonly deliveries: Delivery[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private readonly sessions = new Map<string, Session>();
  private active: Session | null = null;
  private readyCount = 0;
  private resumeCount = 0;

  constructor(private readonly options: GatewayOptions) {}

  get readySent(): number {
    return this.readyCount;
  }

  get resumes(): number {
    return this.resumeCount;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const query = new URL(req.url ?? '/', 'ws://fake').searchParams;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(ws, query.get('compress') === 'zlib-stream');
      this.connections.add(connection);
      ws.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary));
      ws.on('close', (code) => this.onClose(connection, code));
      ws.on('error', () => connection.dispose());
      if (query.get('v') !== null && query.get('v') !== '10') {
        connection.close(Close.InvalidApiVersion, 'Invalid API version.');
        return;
      }
      connection.send(payload(Op.Hello, { heartbeat_interval: this.options.heartbeatIntervalMs }));
    });
  }

  /**
   * Sends a dispatch to every session of the shard that owns the event's guild (shard 0 for
   * events outside a guild), as Discord does; several sessions of one shard all get it, as
   * when two processes identify with the same token and shard (a restart overlapping the old
   * process). A session that is reconnecting gets the event in its RESUME replay.
   */
  dispatch(t: string, d: unknown): void {
    if (!this.active) {
      throw new Error('local-discord: no bot session on the gateway. Log the client in and await clientReady first.');
    }
    const guildId = guildOfEvent(t, d);
    const targets = [...this.sessions.values()].filter((session) => receives(session.shard, guildId));
    if (targets.length === 0) {
      const shards = [...this.sessions.values()].map((session) => `[${session.shard.join(', ')}]`).join(', ');
      throw new Error(`local-discord: no session of the shard that owns ${guildId ? `guild ${guildId}` : 'direct messages'} (sessions: ${shards}).`);
    }
    const id = (d as { id?: unknown } | null)?.id;
    for (const session of targets) {
      this.deliveries.push({ t, id: typeof id === 'string' ? id : null, sessionId: session.id, shard: session.shard });
      this.sendDispatch(session, t, d);
    }
  }

  /** Drops the bot's connection like a network blip or a Discord restart would (the latest session of `shardId` when given). */
  disconnect(code: number, shardId?: number): void {
    const session = shardId === undefined ? this.active : [...this.sessions.values()].reverse().find((s) => s.shard[0] === shardId);
    const connection = session?.connection;
    if (!connection) throw new Error('local-discord: the bot is not connected to the gateway');
    connection.close(code, 'Disconnected by the test.');
  }

  close(): void {
    for (const connection of this.connections) connection.dispose();
    this.connections.clear();
    this.wss.close();
  }

  private onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    let message: { op?: unknown; d?: unknown };
    try {
      message = JSON.parse(rawToString(data, isBinary)) as typeof message;
    } catch {
      connection.close(Close.DecodeError, 'Error while decoding payload.');
      return;
    }
    const d = (message.d ?? {}) as Record<string, unknown>;
    switch (message.op) {
      case Op.Heartbeat:
        connection.send(payload(Op.HeartbeatAck, null));
        return;
      case Op.Identify:
        return this.identify(connection, d);
      case Op.Resume:
        return this.resume(connection, d);
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestSoundboardSounds:
        if (!connection.session) connection.close(Close.NotAuthenticated, 'Not authenticated.');
        return;
      case Op.RequestGuildMembers:
        return this.requestGuildMembers(connection, d);
      default:
        connection.close(Close.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private identify(connection: Connection, d: Record<string, unknown>): void {
    if (connection.session) return connection.close(Close.AlreadyAuthenticated, 'Already authenticated.');
    const shard = parseShard(d['shard']);
    const record: RecordedIdentify = {
      at: Date.now(),
      tokenValid: this.tokenMatches(d['token']),
      intents: typeof d['intents'] === 'number' ? d['intents'] : 0,
      shard: Array.isArray(d['shard']) ? (d['shard'] as [number, number]) : null,
      compress: d['compress'] === true,
      properties: (d['properties'] ?? {}) as Record<string, unknown>,
      presence: d['presence'] ?? null,
    };
    this.identifies.push(record);
    this.options.feed.notify();
    if (!record.tokenValid) return connection.close(Close.AuthenticationFailed, 'Authentication failed.');
    if (shard === 'invalid') return connection.close(Close.InvalidShard, 'Invalid shard.');
    const guilds = this.options.guildIds().filter((guildId) => receives(shard, guildId)).length;
    if (guilds > this.options.guildsPerShard) return connection.close(Close.ShardingRequired, 'Sharding required.');
    if (record.compress) connection.enableIdentifyCompress();

    const session: Session = { id: randomBytes(16).toString('hex'), shard, seq: 0, backlog: [], connection };
    this.sessions.set(session.id, session);
    this.attach(connection, session);
    const { ready, guildCreates } = this.options.onIdentify(session.id, record.intents, shard);
    this.sendDispatch(session, 'READY', ready);
    for (const guild of guildCreates) this.sendDispatch(session, 'GUILD_CREATE', guild);
    this.readyCount += 1;
    this.options.feed.notify();
  }

  private resume(connection: Connection, d: Record<string, unknown>): void {
    if (!this.tokenMatches(d['token'])) return connection.close(Close.AuthenticationFailed, 'Authentication failed.');
    const session = this.sessions.get(String(d['session_id']));
    if (!session) {
      // Not resumable: discord.js reacts by identifying again on a fresh connection.
      connection.send(payload(Op.InvalidSession, false));
      return;
    }
    const lastSeen = typeof d['seq'] === 'number' ? d['seq'] : 0;
    session.connection?.close(4000, 'Session resumed elsewhere.');
    this.attach(connection, session);
    for (const missed of session.backlog.filter((p) => (p.s ?? 0) > lastSeen)) connection.send(missed);
    this.sendDispatch(session, 'RESUMED', null);
    this.resumeCount += 1;
    this.options.feed.notify();
  }

  private requestGuildMembers(connection: Connection, d: Record<string, unknown>): void {
    if (!connection.session) return connection.close(Close.NotAuthenticated, 'Not authenticated.');
    // Answer with an empty chunk so guild.members.fetch() resolves instead of timing out.
    this.sendDispatch(connection.session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: d['guild_id'],
      members: [],
      chunk_index: 0,
      chunk_count: 1,
      not_found: Array.isArray(d['user_ids']) ? d['user_ids'] : [],
      ...(d['nonce'] ? { nonce: d['nonce'] } : {}),
    });
  }

  private onClose(connection: Connection, code: number): void {
    this.connections.delete(connection);
    connection.dispose();
    const session = connection.session;
    if (!session || session.connection !== connection) return;
    session.connection = null;
    // Closing with 1000/1001 ends the session on Discord; other codes leave it resumable.
    if (code === 1000 || code === 1001) {
      this.sessions.delete(session.id);
      if (this.active === session) this.active = [...this.sessions.values()].at(-1) ?? null;
    }
  }

  private attach(connection: Connection, session: Session): void {
    connection.session = session;
    session.connection = connection;
    this.active = session;
  }

  private sendDispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const message: GatewayPayload = { op: Op.Dispatch, d, s: session.seq, t };
    session.backlog.push(message);
    if (session.backlog.length > BACKLOG_LIMIT) session.backlog.shift();
    session.connection?.send(message);
  }

  private tokenMatches(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.options.token;
  }
}

function payload(op: number, d: unknown): GatewayPayload {
  return { op, d, s: null, t: null };
}

function rawToString(data: RawData, isBinary: boolean): string {
  if (isBinary) throw new Error('binary (ETF) payloads are not supported');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as Buffer).toString('utf8');
}
