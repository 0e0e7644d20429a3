import {
  MessagePayload,
  Options,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type MessageFlags,
  type MessagePayloadOption,
  type BaseInteraction,
  type MessageTarget,
} from 'discord.js';


/** discord.js's own transformer: snake-cases every key of a payload that is not JSON-encodable. */
const snakeCasing = Options.createDefault().jsonTransformer as (value: unknown) => unknown;

/** Keys discord.js's transformer returns unchanged: lower-case words joined by single underscores (it splits digits off). */
const apiKey = /^[a-z]+(?:_[a-z]+)*$/;

/** Frozen objects already found in Discord's shape: a view built once and reused is checked once. */
const checked = new WeakSet<object>();

/**
 * Our views are built in Discord's own (snake_case) shape, so rebuilding each one key by key,
 * as discord.js does for every embed and component of every reply, only costs time. A payload
 * whose every key is already snake_case is sent as it is; anything else goes through discord.js.
 */
export function sendAsShaped(value: unknown): unknown {
  return inApiShape(value) ? value : snakeCasing(value);
}

function inApiShape(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (checked.has(value)) return true;
  if (value instanceof Date || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const fields: [string, unknown][] = Array.isArray(value) ? value.map((item) => ['', item]) : Object.entries(value);
  for (const [key, field] of fields) {
    if (!Array.isArray(value) && !apiKey.test(key)) return false;
    // discord.js turns an emoji given as a string into an object.
    if (key === 'emoji' && typeof field === 'string') return false;
    if (!inApiShape(field)) return false;
  }
  // Remembered only when nothing inside can change any more.
  const settled = (field: unknown) => typeof field !== 'object' || field === null || checked.has(field);
  if (Object.isFrozen(value) && fields.every(([, field]) => settled(field))) checked.add(value);
  return true;
}

/** A message in Discord's shape, typed as the API types it: nothing in it needs converting. */
export interface ApiShapedMessage {
  embeds: readonly APIEmbed[];
  components: readonly APIActionRowComponent<APIComponentInMessageActionRow>[];
}

/**
 * A reply or update whose body is already made: discord.js's resolveBody, which looks up its own
 * classes with require() and copies every embed and component on every message, is skipped.
 * The options stay on the payload, for a handler whose reply becomes an edit after a deferral.
 */
export function readyPayload(target: BaseInteraction, message: ApiShapedMessage, flags?: MessageFlags): MessagePayload {
  const payload = new MessagePayload(target as MessageTarget, { embeds: message.embeds, components: message.components, flags } as MessagePayloadOption);
  const mentions = target.client.options.allowedMentions;
  payload.body = {
    tts: false,
    enforce_nonce: false,
    embeds: message.embeds,
    components: message.components,
    flags,
    // As discord.js sends the client's default: the one key it renames, renamed.
    allowed_mentions: mentions?.repliedUser === undefined ? mentions : { parse: mentions.parse, roles: mentions.roles, users: mentions.users, replied_user: mentions.repliedUser },
  } as unknown as NonNullable<MessagePayload['body']>;
  payload.files = [];
  return payload;
}
