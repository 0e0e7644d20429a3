import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  APIApplicationCommandOptionChoice,
  APIInteraction,
  APIEmbed,
  APIMessage,
  APIMessageTopLevelComponent,
  InteractionResponseType,
} from 'discord.js';

export interface FakeGuildOptions {
  id?: string;
  name?: string;
  /** Text channel names; the first one is the default channel for interactions. */
  channels?: string[];
  locale?: string;
  features?: string[];
  /** Roles besides @everyone; give an id to refer to it in tests. */
  roles?: { id?: string; name: string; color?: number; permissions?: string }[];
}

export interface LocalDiscordOptions {
  /** The bot token the client must present (REST `Authorization: Bot <token>` and gateway IDENTIFY). */
  token?: string;
  botName?: string;
  /** Defaults to one guild with a #general channel. */
  guilds?: FakeGuildOptions[];
  /** Sent in HELLO. discord.js waits `interval * random()` before its first heartbeat. */
  heartbeatIntervalMs?: number;
  /**
   * Discord rejects an interaction's first callback after 3 s with 10062 Unknown interaction.
   * Off by default because shared CI machines make wall-time checks flaky; pass 3000 to
   * mirror Discord. `RecordedCallback.elapsedMs` is recorded either way.
   */
  interactionDeadlineMs?: number;
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Another site on the same port: asked first for every request and upgrade, it says whether it took it. */
  site?: SharedPortSite;
  /** The shard count GET /gateway/bot recommends (default 1). */
  shards?: number;
  /** `session_start_limit.max_concurrency`: how many shards may identify at once (default 1). */
  maxConcurrency?: number;
  /** A session that would receive more guilds is closed with 4011 Sharding required (Discord: 2500). */
  guildsPerShard?: number;
}

export interface SharedPortSite {
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
}

/** What changed on screen, for a page that mirrors it. */
export type ScreenChange =
  | { kind: 'message'; message: APIMessage }
  | { kind: 'message-deleted'; message: APIMessage }
  | { kind: 'callback'; callback: RecordedCallback; payload: APIInteraction };

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RecordedRequest {
  seq: number;
  at: number;
  method: string;
  /** Full decoded path, e.g. `/api/v10/webhooks/1/abc/messages/@original`. */
  path: string;
  /** Path below `/api/v10`, e.g. `/webhooks/1/abc/messages/@original`; null when not under /api/v10. */
  route: string | null;
  query: Record<string, string>;
  /** Request headers, lower-cased, without Authorization. */
  headers: Record<string, string>;
  /** Whether a bot token was presented: interaction callbacks and webhooks are sent without one. */
  auth: 'bot' | 'invalid' | 'none';
  /** Parsed JSON, or `payload_json` (plus other form fields) for multipart bodies. */
  body: unknown;
  files: RecordedFile[];
  /** Filled in once the fake has answered. */
  status: number;
  /** False for routes the fake does not know (answered 404/405): usually a bug in the bot or the fake. */
  matched: boolean;
}

export interface RecordedIdentify {
  at: number;
  /** Whether the token matched; a mismatch is answered with close code 4004. */
  tokenValid: boolean;
  intents: number;
  shard: [number, number] | null;
  compress: boolean;
  properties: Record<string, unknown>;
  presence: unknown;
}

export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: unknown;
}

/**
 * Message-ish data the bot sends. Loosely typed on purpose so tests can write
 * `res.data.embeds?.[0]?.title` without casts.
 */
export interface CallbackData {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  flags?: number;
  choices?: APIApplicationCommandOptionChoice[];
  custom_id?: string;
  title?: string;
  [key: string]: unknown;
}

/** One `POST /interactions/{id}/{token}/callback`, accepted or not. */
export interface RecordedCallback {
  kind: 'callback';
  at: number;
  /** Time since the interaction was dispatched. */
  elapsedMs: number;
  interactionId: string;
  token: string;
  type: InteractionResponseType;
  data: CallbackData | undefined;
  withResponse: boolean;
  files: RecordedFile[];
  status: number;
  /** Set when the fake rejected the callback (like Discord would). */
  error?: DiscordErrorBody;
}

/** One follow-up / edit / fetch / delete on the interaction webhook. */
export interface RecordedWebhookCall {
  kind: 'webhook';
  at: number;
  elapsedMs: number;
  token: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** `@original`, a message id, or null for `POST /webhooks/{app}/{token}` (a follow-up). */
  messageId: string | null;
  body: CallbackData | undefined;
  files: RecordedFile[];
  /** The message as returned to the bot (after the change). */
  message: APIMessage | null;
  status: number;
  error?: DiscordErrorBody;
}

export type InteractionActivity = RecordedCallback | RecordedWebhookCall;

export type RouteMatcher = string | RegExp | ((request: RecordedRequest) => boolean);

/** What a user who can see the channel would see, in posting order. */
export interface ChannelMessagesQuery {
  channelId?: string;
  includeDeleted?: boolean;
}
