import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIApplicationCommand, APIAttachment, APIDMChannel, APIInteraction, APIMessage, APIRole, APIUser } from 'discord.js';
import { CommandRegistry } from './commands.js';
import { snowflake } from './ids.js';
import { LocalGateway, type Delivery } from './gateway.js';
import { DISCORD_GUILDS_PER_SHARD, receives } from './shards.js';
import { sendReply, discordError } from './http.js';
import {
  InteractionFactory,
  type InteractionBuilders,
  type AutocompleteOptions,
  type BuiltInteraction,
  type ComponentOptions,
  type ModalSubmitOptions,
  type SelectOptions,
  type SlashOptions,
} from './interactions.js';
import { MessageStore } from './messages.js';
import { createRestHandler, Faults, RateLimiter, ResponseDelays } from './rest.js';
import { buildRoutes } from './routes.js';
import { InteractionTracker, type InteractionHandle } from './tracker.js';
import type {
  ChannelMessagesQuery,
  LocalDiscordOptions,
  RecordedIdentify,
  RecordedRequest,
  RouteMatcher,
  ScreenChange,
} from './types.js';
import { ChangeFeed } from './waiting.js';
import { GUILDS_INTENT, World, type LocalGuild } from './world.js';

const GUILD_MESSAGES_INTENT = 1 << 9;
const MESSAGE_CONTENT_INTENT = 1 << 15;

const DEFAULT_TOKEN = 'fake-bot-token.for-tests.only';
const DEFAULT_USER = 'alice';
// Waits end as soon as the awaited thing happens; the long default only matters on slow machines.
const DEFAULT_WAIT_MS = 10_000;

/**
 * A local Discord (REST + gateway) for the real discord.js Client:
 *
 *   const fake = await LocalDiscord.start();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 *   await Promise.all([once(client, 'clientReady'), client.login(fake.token)]);
 *   const reply = await fake.slash({ name: 'ping' }).response();
 */
export class LocalDiscord {
  readonly token: string;
  /** Every REST request, in arrival order (Authorization header removed). */
  readonly requests: RecordedRequest[] = [];
  readonly defaultUser: APIUser;
  private readonly world: World;
  private readonly feed = new ChangeFeed();
  private readonly messageStore: MessageStore;
  private readonly commands: CommandRegistry;
  private readonly tracker: InteractionTracker;
  private readonly factory: InteractionFactory;
  private readonly gateway: LocalGateway;
  private readonly rateLimits = new RateLimiter();
  private readonly faults = new Faults();
  private readonly delays = new ResponseDelays();
  private readonly server: Server;
  private boundPort = 0;

  private constructor(options: LocalDiscordOptions) {
    this.token = options.token ?? DEFAULT_TOKEN;
    this.world = new World(options.botName ?? 'FakeBot', options.guilds?.length ? options.guilds : [{}]);
    this.defaultUser = this.world.user(DEFAULT_USER);
    this.messageStore = new MessageStore(
      () => `http://127.0.0.1:${this.boundPort}`,
      (change) => this.announce(change),
      (path, file) => this.uploads.set(path, { data: file.data, contentType: file.contentType }),
    );
    this.commands = new CommandRegistry(this.world.applicationId);
    this.tracker = new InteractionTracker(
      this.world,
      this.messageStore,
      this.feed,
      options.interactionDeadlineMs ?? Number.POSITIVE_INFINITY,
      this.requests,
      (change) => this.announce(change),
    );
    this.factory = new InteractionFactory(this.world, this.commands, this.messageStore, DEFAULT_USER);
    this.gateway = new LocalGateway({
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      feed: this.feed,
      resumeUrl: () => this.gatewayUrl,
      guildIds: () => this.world.guilds.map((guild) => guild.id),
      guildsPerShard: options.guildsPerShard ?? DISCORD_GUILDS_PER_SHARD,
      onIdentify: (sessionId, intents, shard) => {
        // A shard hears of its own guilds only: READY lists them, GUILD_CREATE follows for each.
        const owned = this.world.guilds.filter((guild) => receives(shard, guild.id));
        const ready = this.world.readyPayload(sessionId, this.gatewayUrl);
        return {
          ready: { ...ready, shard: [...shard], guilds: ready.guilds.filter((guild) => receives(shard, guild.id)) },
          // Like Discord, guilds only arrive when the bot asked for the GUILDS intent.
          guildCreates: intents & GUILDS_INTENT ? owned.map((g) => this.world.guildCreatePayload(g)) : [],
        };
      },
    });
    const handleRest = createRestHandler({
      token: this.token,
      routes: buildRoutes({
        world: this.world,
        messages: this.messageStore,
        commands: this.commands,
        tracker: this.tracker,
        gatewayUrl: () => this.gatewayUrl,
        sharding: { shards: options.shards ?? 1, maxConcurrency: options.maxConcurrency ?? 1 },
      }),
      requests: this.requests,
      rateLimits: this.rateLimits,
      faults: this.faults,
      delays: this.delays,
      feed: this.feed,
    });
    const site = options.site;
    this.server = createServer((req, res) => {
      if (site?.handleRequest(req, res)) return;
      // Uploaded files live on Discord's CDN, outside /api: serve what tests uploaded.
      const upload = req.method === 'GET' && req.url ? this.uploads.get(req.url) : undefined;
      if (upload) {
        this.downloads.push(req.url as string);
        if (upload.redirectTo) {
          res.writeHead(302, { Location: upload.redirectTo });
          res.end();
          return;
        }
        res.writeHead(200, { 'Content-Type': upload.contentType, 'Content-Length': upload.data.length });
        res.end(upload.data);
        return;
      }
      handleRest(req, res).catch((error: Error) => sendReply(res, discordError(500, error.message, 0)));
    });
    this.server.on('upgrade', (req, socket, head) => {
      if (site?.handleUpgrade(req, socket, head)) return;
      this.gateway.handleUpgrade(req, socket, head);
    });
  }

  static async start(options: LocalDiscordOptions = {}): Promise<LocalDiscord> {
    const fake = new LocalDiscord(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    fake.boundPort = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** Every message created, edited or deleted and every interaction callback, as it happens. */
  onScreenChange(listener: (change: ScreenChange) => void): () => void {
    this.screenListeners.add(listener);
    return () => this.screenListeners.delete(listener);
  }

  private readonly screenListeners = new Set<(change: ScreenChange) => void>();

  private announce(change: ScreenChange): void {
    for (const listener of this.screenListeners) listener(change);
  }

  get port(): number {
    return this.boundPort;
  }

  /** Pass as `rest: { api: fake.apiUrl }`; discord.js appends `/v10`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.boundPort}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.boundPort}`;
  }

  get applicationId(): string {
    return this.world.applicationId;
  }

  get botUser(): APIUser {
    return this.world.botUser;
  }

  /** The first configured guild's id. */
  get guildId(): string {
    return this.world.guild().id;
  }

  /** The first channel of the first guild: where interactions happen by default. */
  get channelId(): string {
    return this.world.guild().channels[0]!.id;
  }

  get identifies(): readonly RecordedIdentify[] {
    return this.gateway.identifies;
  }

  guild(id?: string): LocalGuild {
    return this.world.guild(id);
  }

  /** A user by id or name, created on first use: `fake.user('bob')` is the same user every time. */
  user(idOrName: string): APIUser {
    return this.world.user(idOrName);
  }

  private readonly uploads = new Map<string, { data: Buffer; contentType: string; redirectTo?: string }>();
  /** Paths of uploaded files someone downloaded, in order. */
  readonly downloads: string[] = [];

  /**
   * A file a member attached to a command option, served from the fake's CDN. Pass the
   * returned attachment to `slash({ attachments })` and its id as the option's value.
   */
  upload(
    filename: string,
    content: string | Buffer,
    contentType = 'text/plain; charset=utf-8',
    /** Misbehaviour to test against: a size that lies about the content, or a redirect elsewhere. */
    options: { declaredSize?: number; redirectTo?: string } = {},
  ): APIAttachment {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const id = snowflake();
    const path = `/attachments/${this.channelId}/${id}/${encodeURIComponent(filename)}`;
    this.uploads.set(path, { data, contentType, ...(options.redirectTo ? { redirectTo: options.redirectTo } : {}) });
    const url = `http://127.0.0.1:${this.boundPort}${path}`;
    return { id, filename, size: options.declaredSize ?? data.length, url, proxy_url: url, content_type: contentType };
  }

  /** The member's roles besides @everyone, as member look-ups and message events report them. */
  setMemberRoles(idOrName: string, roles: string[], guildId = this.guildId): void {
    this.world.setMemberRoles(guildId, this.world.user(idOrName).id, roles);
  }

  /** @everyone and the guild's other roles, in Discord's shape. */
  roles(guildId = this.guildId): APIRole[] {
    return this.world.rolesPayload(this.world.guild(guildId));
  }

  /** The bot's direct-message channel with this user (created on first use, as Discord does). */
  dmChannelOf(idOrName: string): APIDMChannel {
    return this.world.dmChannel(this.world.user(idOrName));
  }

  /** The member a direct-message channel is with; undefined for a guild channel. */
  dmRecipientOf(channelId: string): string | undefined {
    const found = this.world.findChannel(channelId);
    return found && found.guild === null && 'recipients' in found.channel ? found.channel.recipients?.[0]?.id : undefined;
  }

  /** The member turns off direct messages from server members: DMs answer 403 50007. */
  closeDms(idOrName: string): void {
    this.world.closeDms(this.world.user(idOrName).id);
  }

  /** The member leaves the server: member look-ups answer 404 Unknown Member from now on. */
  removeMember(idOrName: string, guildId = this.guildId): void {
    this.world.removeMember(guildId, this.world.user(idOrName).id);
  }

  slash(options: SlashOptions): InteractionHandle {
    return this.send(this.factory.slash(options));
  }

  messageCommand(options: Parameters<InteractionFactory['messageCommand']>[0]): InteractionHandle {
    return this.send(this.factory.messageCommand(options));
  }

  /** A member posts in a channel: stored like Discord would, and sent to the bot as MESSAGE_CREATE. */
  userMessage(options: { user: string; content: string; channelId?: string }): APIMessage {
    const author = this.world.user(options.user);
    const channelId = options.channelId ?? this.channelId;
    const message = this.messageStore.create({ channelId, author, body: { content: options.content }, files: [] });
    this.dispatchMessageEvent('MESSAGE_CREATE', message);
    return message;
  }

  /** A member edits their message: MESSAGE_UPDATE with the new content. */
  editUserMessage(messageId: string, content: string): void {
    this.dispatchMessageEvent('MESSAGE_UPDATE', this.messageStore.edit(messageId, { content }, []));
  }

  /**
   * Like Discord: no message events without the GUILD_MESSAGES intent, and an empty content
   * without the privileged MESSAGE_CONTENT intent.
   */
  private dispatchMessageEvent(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: APIMessage): void {
    const intents = this.identifies.at(-1)?.intents ?? 0;
    if ((intents & GUILD_MESSAGES_INTENT) === 0) return;
    const content = (intents & MESSAGE_CONTENT_INTENT) === 0 ? '' : message.content;
    const roles = this.world.rolesOf(this.world.guild().id, message.author.id);
    const member = { roles, joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 };
    this.gateway.dispatch(t, { ...message, content, guild_id: this.world.guild().id, member });
  }

  autocomplete(options: AutocompleteOptions): InteractionHandle {
    return this.send(this.factory.autocomplete(options));
  }

  button(options: ComponentOptions): InteractionHandle {
    return this.send(this.factory.button(options));
  }

  select(options: SelectOptions): InteractionHandle {
    return this.send(this.factory.select(options));
  }

  modalSubmit(options: ModalSubmitOptions): InteractionHandle {
    return this.send(this.factory.modalSubmit(options));
  }

  /**
   * Payload builders that do not dispatch, for tests that tweak a payload first:
   * `fake.dispatch({ ...fake.build.slash({ name: 'x' }).payload, locale: 'de' })`.
   */
  get build(): InteractionBuilders {
    return this.factory;
  }

  /** Dispatches a hand-built interaction payload as INTERACTION_CREATE. */
  dispatch(payload: APIInteraction, label = `interaction ${payload.id}`): InteractionHandle {
    const message = (payload as { message?: APIMessage }).message;
    if (message) this.messageStore.adopt(message);
    return this.send({ payload, label, sourceMessageId: message?.id });
  }

  /** Sends any other gateway event, e.g. `dispatchEvent('GUILD_DELETE', {...})`. */
  dispatchEvent(t: string, d: unknown): void {
    this.gateway.dispatch(t, d);
  }

  /**
   * Closes the bot's gateway connection with `code`. discord.js resumes after codes like
   * 4000 (events dispatched meanwhile are replayed) and re-identifies after 1000.
   */
  disconnect(code = 4000, shardId?: number): void {
    this.gateway.disconnect(code, shardId);
  }

  /** Every dispatch so far with the session and shard it went to. */
  get deliveries(): readonly Delivery[] {
    return this.gateway.deliveries;
  }

  /** The shard ids whose sessions received the event with this id (an interaction's id, say). */
  shardsThatReceived(eventId: string): number[] {
    return [...new Set(this.gateway.deliveries.filter((delivery) => delivery.id === eventId).map((delivery) => delivery.shard[0]))];
  }

  /** Resolves once READY has been sent `count` times: one per shard for a sharded bot. */
  waitForReadySessions(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.feed
      .wait(
        () => (this.gateway.readySent >= count ? true : undefined),
        timeoutMs,
        () => `local-discord: READY sent ${this.gateway.readySent} times within ${timeoutMs} ms, not ${count} (identifies: ${this.gateway.identifies.length})`,
      )
      .then(() => undefined);
  }

  /** Resolves once the bot has resumed its session `count` times in total. */
  waitForResume(count = 1, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.feed
      .wait(
        () => (this.gateway.resumes >= count ? true : undefined),
        timeoutMs,
        () => `local-discord: no RESUME within ${timeoutMs} ms (resumes so far: ${this.gateway.resumes})`,
      )
      .then(() => undefined);
  }

  /** Resolves with the latest IDENTIFY once one has arrived (even if it was rejected). */
  waitForIdentify(timeoutMs = DEFAULT_WAIT_MS): Promise<RecordedIdentify> {
    return this.feed.wait(
      () => this.gateway.identifies.at(-1),
      timeoutMs,
      () => `local-discord: no IDENTIFY within ${timeoutMs} ms (REST calls: ${this.describeRequests()})`,
    );
  }

  /**
   * Resolves once the fake has sent READY (and GUILD_CREATEs). The client still has to
   * process them: tests should await the client's own `clientReady` before dispatching.
   */
  waitForReady(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return this.feed.wait(
      () => (this.gateway.readySent > 0 ? true : undefined),
      timeoutMs,
      () => `local-discord: READY was not sent within ${timeoutMs} ms (identifies: ${this.gateway.identifies.length})`,
    ).then(() => undefined);
  }

  /** Resolves with the first recorded REST request (past or future) matching the predicate. */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<RecordedRequest> {
    return this.feed.wait(
      // status 0 means "still being handled": wait until the answer is known.
      () => this.requests.find((r) => r.status !== 0 && predicate(r)),
      timeoutMs,
      () => `local-discord: no matching REST request within ${timeoutMs} ms (seen: ${this.describeRequests()})`,
    );
  }

  /** Requests to routes the fake does not implement: usually a bug in the bot (or a gap in the fake). */
  unexpectedRequests(): RecordedRequest[] {
    return this.requests.filter((r) => !r.matched);
  }

  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return this.commands.list(guildId);
  }

  /** Messages the bot has posted (replies, follow-ups, channel messages), latest edits applied. */
  messages(query: ChannelMessagesQuery = {}): APIMessage[] {
    return this.messageStore.list(query.channelId, query.includeDeleted);
  }

  message(id: string): APIMessage | undefined {
    return this.messageStore.get(id);
  }

  /** Resolves with the first message (already posted or future) matching the predicate. */
  waitForMessage(predicate: (message: APIMessage) => boolean, timeoutMs = DEFAULT_WAIT_MS): Promise<APIMessage> {
    return this.feed.wait(
      () => this.messageStore.list().find(predicate),
      timeoutMs,
      () => `local-discord: no matching message within ${timeoutMs} ms (posted: ${this.messageStore.list().length})`,
    );
  }

  /** Answers the next request matching `matcher` with a 429 (Retry-After in seconds; may be fractional). */
  rateLimitNext(matcher: RouteMatcher, retryAfterSeconds: number): void {
    this.rateLimits.add(matcher, retryAfterSeconds);
  }

  /** The next `times` requests matching `matcher` fail with this status and Discord error code, changing nothing. */
  failNext(matcher: RouteMatcher, status: number, code: number, message = 'Injected failure', times = 1): void {
    this.faults.fail(matcher, discordError(status, message, code), times);
  }

  /** The next request matching `matcher` is carried out but never answered, as if the bot died waiting. */
  holdNext(matcher: RouteMatcher): void {
    this.faults.hold(matcher, 1);
  }

  /** How many requests the fake has carried out without answering. */
  get heldRequests(): number {
    return this.faults.held.length;
  }

  /** Like a channel overwrite: the bot loses these permissions (bit numbers, e.g. 11 for Send Messages) there. */
  denyBot(channelId: string, ...bits: number[]): void {
    this.world.denyBot(channelId, bits.reduce((all, bit) => all | (1n << BigInt(bit)), 0n));
  }

  /** From now on, answers requests matching `matcher` only after `delayMs` (matched like `rateLimitNext`). */
  answerSlowly(matcher: RouteMatcher, delayMs: number): void {
    this.delays.add(matcher, delayMs);
  }

  async close(): Promise<void> {
    this.feed.close();
    this.gateway.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Keep-alive sockets (undici pools them) would otherwise hold close() open.
      this.server.closeAllConnections();
    });
  }

  private send(built: BuiltInteraction): InteractionHandle {
    const handle = this.tracker.register(built);
    this.gateway.dispatch('INTERACTION_CREATE', built.payload);
    return handle;
  }

  private describeRequests(): string {
    return this.requests.map((r) => `${r.method} ${r.path} -> ${r.status}`).join('; ') || 'none';
  }
}

export type { InteractionHandle };
