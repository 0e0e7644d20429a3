import type { CommandRegistry } from './commands.js';
import { discordError, fail, noContent, ok, type Reply } from './http.js';
import { isEmptyMessage, type MessageStore } from './messages.js';
import type { Route, RouteContext } from './rest.js';
import type { InteractionTracker } from './tracker.js';
import type { CallbackData } from './types.js';
import { validateMessage } from './validate.js';
import type { World } from './world.js';

export interface RouteDeps {
  world: World;
  messages: MessageStore;
  commands: CommandRegistry;
  tracker: InteractionTracker;
  gatewayUrl(): string;
  /** The recommended shard count and identify concurrency that GET /gateway/bot reports. */
  sharding: { shards: number; maxConcurrency: number };
}

/** The Discord REST endpoints the fake implements, below /api/v10. */
export function buildRoutes(deps: RouteDeps): Route[] {
  const { world, tracker } = deps;
  const missingAccess = () => discordError(403, 'Missing Access', 50001);
  const webhookMessage = (method: 'GET' | 'PATCH' | 'DELETE'): Route => ({
    method,
    path: '/webhooks/:app/:token/messages/:message',
    auth: false,
    handle: ({ params, body, files }) =>
      tracker.webhook(method, params['app']!, params['token']!, params['message']!, body, files),
  });

  return [
    { method: 'GET', path: '/gateway', auth: false, handle: () => ok({ url: deps.gatewayUrl() }) },
    {
      method: 'GET',
      path: '/gateway/bot',
      auth: true,
      handle: () =>
        ok({
          url: deps.gatewayUrl(),
          shards: deps.sharding.shards,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: deps.sharding.maxConcurrency },
        }),
    },
    { method: 'GET', path: '/users/@me', auth: true, handle: () => ok(world.botUser) },
    {
      method: 'GET',
      path: '/guilds/:guild',
      auth: true,
      handle: ({ params }) => {
        const guild = world.guilds.find((candidate) => candidate.id === params['guild']);
        if (!guild) return discordError(404, 'Unknown Guild', 10004);
        // The REST guild object: GUILD_CREATE's guild fields, without what only the gateway sends (channels, members...).
        const full = world.guildCreatePayload(guild);
        const { id, name, icon, splash, owner_id, roles, emojis, features, preferred_locale, verification_level, premium_tier } = full;
        return ok({ id, name, icon, splash, owner_id, roles, emojis, features, preferred_locale, verification_level, premium_tier });
      },
    },
    {
      method: 'GET',
      path: '/guilds/:guild/members/:user',
      auth: true,
      handle: ({ params }) => {
        const member = world.findMember(params['guild']!, params['user']!);
        return member ? ok(member) : discordError(404, 'Unknown Member', 10007);
      },
    },
    { method: 'GET', path: '/applications/@me', auth: true, handle: () => ok(world.application()) },
    ...commandRoutes(deps, missingAccess),
    {
      method: 'POST',
      path: '/interactions/:id/:token/callback',
      auth: false,
      handle: ({ params, query, body, files }) =>
        tracker.callback(params['id']!, params['token']!, body, files, query['with_response'] === 'true'),
    },
    {
      method: 'POST',
      path: '/webhooks/:app/:token',
      auth: false,
      handle: ({ params, body, files }) => tracker.webhook('POST', params['app']!, params['token']!, null, body, files),
    },
    webhookMessage('GET'),
    webhookMessage('PATCH'),
    webhookMessage('DELETE'),
    ...channelRoutes(deps),
  ];
}

function commandRoutes(deps: RouteDeps, missingAccess: () => Reply): Route[] {
  const { world, commands } = deps;
  // Returns the scope ('global' = undefined) or a 403 like Discord for a foreign app / guild.
  const scope = ({ params }: RouteContext): { guildId?: string } | Reply => {
    if (params['app'] !== world.applicationId) return missingAccess();
    const guildId = params['guild'];
    if (guildId !== undefined && !world.guilds.some((g) => g.id === guildId)) return missingAccess();
    return guildId ? { guildId } : {};
  };
  const isReply = (value: object): value is Reply => 'status' in value;
  const routesFor = (path: string): Route[] => [
    {
      method: 'GET',
      path,
      auth: true,
      handle: (ctx) => {
        const s = scope(ctx);
        return isReply(s) ? s : ok(commands.list(s.guildId));
      },
    },
    {
      method: 'PUT',
      path,
      auth: true,
      handle: (ctx) => {
        const s = scope(ctx);
        if (isReply(s)) return s;
        const result = commands.bulkOverwrite(ctx.body, s.guildId);
        return result.error ? fail(400, result.error) : ok(result.commands);
      },
    },
    {
      method: 'POST',
      path,
      auth: true,
      handle: (ctx) => {
        const s = scope(ctx);
        if (isReply(s)) return s;
        const result = commands.upsert(ctx.body, s.guildId);
        return result.error ? fail(400, result.error) : { status: 201, body: result.command };
      },
    },
  ];
  return [...routesFor('/applications/:app/commands'), ...routesFor('/applications/:app/guilds/:guild/commands')];
}

const VIEW_CHANNEL = 1n << 10n;
const SEND_MESSAGES = 1n << 11n;

function channelRoutes(deps: RouteDeps): Route[] {
  const { world, messages } = deps;
  const unknownChannel = () => discordError(404, 'Unknown Channel', 10003);
  const unknownMessage = () => discordError(404, 'Unknown Message', 10008);
  const messageIn = ({ params }: RouteContext) => {
    const message = messages.get(params['message']!);
    return message && message.channel_id === params['channel'] ? message : undefined;
  };

  return [
    {
      method: 'GET',
      path: '/channels/:channel',
      auth: true,
      handle: ({ params }) => {
        const found = world.findChannel(params['channel']!);
        return found ? ok(found.channel) : unknownChannel();
      },
    },
    {
      method: 'POST',
      path: '/channels/:channel/messages',
      auth: true,
      handle: ({ params, body, files }) => {
        const place = world.findChannel(params['channel']!);
        if (!place) return unknownChannel();
        const recipient = place.guild === null && 'recipients' in place.channel ? place.channel.recipients?.[0] : undefined;
        if (recipient && world.dmsClosed(recipient.id)) return discordError(403, 'Cannot send messages to this user', 50007);
        const data = body as CallbackData | undefined;
        if (place.guild) {
          const allowed = world.botPermissionsIn(place.channel.id);
          if (!(allowed & VIEW_CHANNEL)) return discordError(403, 'Missing Access', 50001);
          if (!(allowed & SEND_MESSAGES)) return discordError(403, 'Missing Permissions', 50013);
        }
        const nonce = data?.['nonce'];
        if (nonce !== undefined && (typeof nonce !== 'string' || nonce.length > 25)) return discordError(400, 'Invalid Form Body', 50035);
        if (typeof nonce === 'string' && data?.['enforce_nonce'] === true) {
          const earlier = messages.withNonce(place.channel.id, world.botUser.id, nonce);
          if (earlier) return ok(earlier);
        }
        if (isEmptyMessage(data, files)) return discordError(400, 'Cannot send an empty message', 50006);
        const invalid = validateMessage(data);
        if (invalid) return fail(400, invalid);
        const isReply = Boolean(data?.['message_reference']);
        return ok(
          messages.create({
            channelId: params['channel']!,
            author: world.botUser,
            body: data ?? {},
            files,
            type: isReply ? 19 : 0,
          }),
        );
      },
    },
    {
      method: 'GET',
      path: '/channels/:channel/messages/:message',
      auth: true,
      handle: (ctx) => {
        const message = messageIn(ctx);
        return message ? ok(message) : unknownMessage();
      },
    },
    {
      method: 'PATCH',
      path: '/channels/:channel/messages/:message',
      auth: true,
      handle: (ctx) => {
        const message = messageIn(ctx);
        if (!message) return unknownMessage();
        if (message.author.id !== world.botUser.id) {
          return discordError(403, 'Cannot edit a message authored by another user', 50005);
        }
        const invalid = validateMessage(ctx.body);
        if (invalid) return fail(400, invalid);
        return ok(messages.edit(message.id, (ctx.body ?? {}) as CallbackData, ctx.files));
      },
    },
    {
      method: 'DELETE',
      path: '/channels/:channel/messages/:message',
      auth: true,
      handle: (ctx) => {
        const message = messageIn(ctx);
        if (!message) return unknownMessage();
        messages.delete(message.id);
        return noContent();
      },
    },
    {
      method: 'POST',
      path: '/users/@me/channels',
      auth: true,
      handle: ({ body }) => {
        const recipient = (body as { recipient_id?: unknown } | undefined)?.recipient_id;
        if (typeof recipient !== 'string') return discordError(400, 'Invalid Form Body', 50035);
        return ok(world.dmChannel(world.user(recipient)));
      },
    },
  ];
}
