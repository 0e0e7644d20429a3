import {
  InteractionResponseType,
  MessageFlags as MessageFlagsValue,
  MessagePayload,
  Options,
  Routes,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type MessageFlags,
  type MessagePayloadOption,
  type BaseInteraction,
  type MessageTarget,
  type ChatInputCommandInteraction,
  type MessageComponentInteraction,
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
  const mentions = readyPayloadMentions(target);
  payload.body = {
    tts: false,
    enforce_nonce: false,
    embeds: message.embeds,
    components: message.components,
    flags,
    allowed_mentions: mentions,
  } as unknown as NonNullable<MessagePayload['body']>;
  payload.files = [];
  return payload;
}

/**
 * A text-only reply with its body made, for the hottest reply of all (an answer's "Locked in"):
 * as readyPayload, discord.js's resolveBody is skipped, and the options stay for an edit.
 */
export function readyTextPayload(target: BaseInteraction, content: string, flags?: MessageFlags): MessagePayload {
  const payload = new MessagePayload(target as MessageTarget, { content, flags } as MessagePayloadOption);
  payload.body = { content, tts: false, enforce_nonce: false, flags, allowed_mentions: readyPayloadMentions(target) } as unknown as NonNullable<MessagePayload['body']>;
  payload.files = [];
  return payload;
}

/** The interactions a lesson page answers: a command, or a click on a page. */
type AnsweredInteraction = ChatInputCommandInteraction<'cached' | 'raw'> | MessageComponentInteraction<'cached' | 'raw'>;

/** The client's default mentions as discord.js sends them: the one key it renames, renamed. */
function readyPayloadMentions(target: BaseInteraction): object | undefined {
  const mentions = target.client.options.allowedMentions;
  if (mentions?.repliedUser === undefined) return mentions;
  return { parse: mentions.parse, roles: mentions.roles, users: mentions.users, replied_user: mentions.repliedUser };
}

/** Made once per shared (frozen) message: its embeds and components as JSON. */
const messageJson = new WeakMap<object, { components: object; json: string }>();
const mentionsJson = new WeakMap<object, string>();
const withoutResponse = new URLSearchParams({ with_response: 'false' });

/**
 * Characters past Latin-1 (emoji, typographic punctuation) written as JSON escapes: the text then
 * stays one byte a character in V8, half the memory and a faster encoding on its way out. Discord
 * reads the same strings back.
 */
export function latin1Json(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0100-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function jsonOfMessage(message: ApiShapedMessage): string {
  const known = messageJson.get(message.embeds);
  if (known?.components === message.components) return known.json;
  const json = `"embeds":${latin1Json(message.embeds)},"components":${latin1Json(message.components)}`;
  messageJson.set(message.embeds, { components: message.components, json });
  return json;
}

/** The body readyPayload would carry, as the JSON text discord.js's REST client would send. */
export function readyBodyJson(target: BaseInteraction, message: ApiShapedMessage, flags?: MessageFlags): string {
  const mentions = readyPayloadMentions(target);
  let mentionsText = mentions === undefined ? '' : mentionsJson.get(mentions);
  if (mentionsText === undefined) mentionsJson.set(mentions as object, (mentionsText = `,"allowed_mentions":${JSON.stringify(mentions)}`));
  return `{"tts":false,"enforce_nonce":false,${jsonOfMessage(message)}${flags === undefined ? '' : `,"flags":${flags}`}${mentionsText}}`;
}

/**
 * Answers with a shared message (frozen, the same for every reader) as JSON made once: the
 * interaction callback is posted as discord.js would post it, without a MessagePayload, a
 * JSON.stringify of the page or discord.js's promise chain per click. Anything else (a message
 * made for one reader, an interaction already deferred, where the answer becomes an edit) goes
 * through discord.js.
 */
export async function answerWithShared(interaction: AnsweredInteraction, kind: 'reply' | 'update', message: ApiShapedMessage, flags?: MessageFlags): Promise<void> {
  const shared = Object.isFrozen(message.embeds) && Object.isFrozen(message.components);
  if (!shared || interaction.deferred || interaction.replied || (kind === 'update' && !interaction.isMessageComponent())) {
    const payload = readyPayload(interaction, message, flags);
    if (kind === 'update' && interaction.isMessageComponent()) await interaction.update(payload);
    else await interaction.reply(payload);
    return;
  }
  const type = kind === 'reply' ? InteractionResponseType.ChannelMessageWithSource : InteractionResponseType.UpdateMessage;
  await interaction.client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
    body: `{"type":${type},"data":${readyBodyJson(interaction, message, flags)}}`,
    passThroughBody: true,
    headers: { 'Content-Type': 'application/json' },
    auth: false,
    query: withoutResponse,
  });
  // What discord.js's reply() and update() record once Discord has the answer.
  if (kind === 'reply') interaction.ephemeral = ((flags ?? 0) & MessageFlagsValue.Ephemeral) !== 0;
  interaction.replied = true;
}
