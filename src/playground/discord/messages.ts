import type { APIAttachment, APIMessage, APIMessageInteractionMetadata, APIUser } from 'discord.js';
import { snowflake } from './ids.js';
import type { CallbackData, RecordedFile, ScreenChange } from './types.js';

export const EPHEMERAL = 1 << 6;
export const LOADING = 1 << 7;

/** Message types we produce: DEFAULT, REPLY, and CHAT_INPUT_COMMAND (replies to slash commands). */
export type ProducedMessageType = 0 | 19 | 20;

export interface NewMessage {
  channelId: string;
  author: APIUser;
  body: CallbackData;
  files: RecordedFile[];
  type?: ProducedMessageType;
  extraFlags?: number;
  webhookId?: string;
  applicationId?: string;
  interactionMetadata?: APIMessageInteractionMetadata;
}

/**
 * Everything the bot has put on screen: interaction replies, follow-ups and plain
 * channel messages, kept in posting order with their latest edits applied.
 */
export class MessageStore {
  private readonly messages = new Map<string, APIMessage>();
  private readonly deleted = new Set<string>();

  constructor(
    private readonly attachmentBaseUrl: () => string,
    private readonly onChange: (change: ScreenChange) => void = () => {},
    /** Hands a file the bot attached to the CDN part of the server, so its URL answers as on Discord. */
    private readonly keepFile: (path: string, file: RecordedFile) => void = () => {},
  ) {}

  create(spec: NewMessage): APIMessage {
    const message: APIMessage = {
      id: snowflake(),
      channel_id: spec.channelId,
      author: spec.author,
      content: spec.body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: Boolean(spec.body['tts']),
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: this.attachments(spec.channelId, spec.files),
      embeds: spec.body.embeds ?? [],
      components: spec.body.components ?? [],
      pinned: false,
      type: spec.type ?? 0,
      flags: (spec.body.flags ?? 0) | (spec.extraFlags ?? 0),
      ...(spec.webhookId ? { webhook_id: spec.webhookId } : {}),
      ...(spec.applicationId ? { application_id: spec.applicationId } : {}),
      ...(spec.interactionMetadata ? { interaction_metadata: spec.interactionMetadata } : {}),
      ...(typeof spec.body['nonce'] === 'string' ? { nonce: spec.body['nonce'] } : {}),
    } as APIMessage;
    this.messages.set(message.id, message);
    this.onChange({ kind: 'message', message });
    return message;
  }

  /**
   * Discord's `enforce_nonce`: a message the same author created in this channel with this nonce
   * in the last few minutes (we use two) is returned instead of a new one.
   */
  withNonce(channelId: string, authorId: string, nonce: string, now = Date.now()): APIMessage | undefined {
    for (const message of this.messages.values()) {
      if (message.channel_id !== channelId || message.author.id !== authorId || message.nonce !== nonce || this.deleted.has(message.id)) continue;
      if (now - Date.parse(message.timestamp) <= 120_000) return message;
    }
    return undefined;
  }

  /** Adds a message the test built itself (e.g. the one a button sits on). */
  adopt(message: APIMessage): APIMessage {
    if (!this.messages.has(message.id)) this.messages.set(message.id, message);
    return this.get(message.id)!;
  }

  get(id: string): APIMessage | undefined {
    return this.deleted.has(id) ? undefined : this.messages.get(id);
  }

  /** Applies an edit the way Discord does: only fields present in the body change. */
  edit(id: string, body: CallbackData, files: RecordedFile[]): APIMessage {
    const current = this.messages.get(id);
    if (!current) throw new Error(`local-discord: no message ${id}`);
    const wasLoading = ((current.flags ?? 0) & LOADING) !== 0;
    const next: APIMessage = { ...current };
    if (body.content !== undefined) next.content = body.content ?? '';
    if (body.embeds !== undefined) next.embeds = body.embeds ?? [];
    if (body.components !== undefined) next.components = body.components ?? [];
    if (body.flags !== undefined) next.flags = (body.flags ?? 0) | ((current.flags ?? 0) & EPHEMERAL);
    if (Array.isArray(body['attachments']) || files.length) {
      const keep = new Set(((body['attachments'] as { id?: unknown }[] | undefined) ?? []).map((a) => String(a.id)));
      next.attachments = [
        ...current.attachments.filter((a) => keep.has(a.id)),
        ...this.attachments(current.channel_id, files),
      ];
    }
    // Completing a deferred reply is not an "edit" from the user's point of view.
    if (wasLoading) next.flags = (next.flags ?? 0) & ~LOADING;
    else next.edited_timestamp = new Date().toISOString();
    this.messages.set(id, next);
    this.onChange({ kind: 'message', message: next });
    return next;
  }

  delete(id: string): void {
    const message = this.messages.get(id);
    if (!message || this.deleted.has(id)) return;
    this.deleted.add(id);
    this.onChange({ kind: 'message-deleted', message });
  }

  list(channelId?: string, includeDeleted = false): APIMessage[] {
    return [...this.messages.values()].filter(
      (m) => (channelId === undefined || m.channel_id === channelId) && (includeDeleted || !this.deleted.has(m.id)),
    );
  }

  private attachments(channelId: string, files: RecordedFile[]): APIAttachment[] {
    return files.map((file) => {
      const id = snowflake();
      const path = `/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
      this.keepFile(path, file);
      const url = `${this.attachmentBaseUrl()}${path}`;
      return {
        id,
        filename: file.filename,
        size: file.size,
        url,
        proxy_url: url,
        content_type: file.contentType,
      };
    });
  }
}

export interface FoundComponent {
  type: number;
  custom_id: string;
  disabled?: boolean;
  options?: { value: string }[];
}

/** Finds a component by custom_id anywhere in a message (action rows, sections, containers). */
export function findComponent(components: unknown, customId: string): FoundComponent | undefined {
  for (const node of walk(components)) {
    if (node['custom_id'] === customId) return node as unknown as FoundComponent;
  }
  return undefined;
}

export function listCustomIds(components: unknown): string[] {
  return [...walk(components)].map((n) => n['custom_id']).filter((id): id is string => typeof id === 'string');
}

function* walk(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) {
    for (const item of value) yield* walk(item);
  } else if (value && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    yield node;
    for (const child of Object.values(node)) {
      if (child && typeof child === 'object') yield* walk(child);
    }
  }
}

export function isEmptyMessage(body: CallbackData | undefined, files: RecordedFile[]): boolean {
  if (files.length) return false;
  if (!body) return true;
  const hasContent = typeof body.content === 'string' && body.content.length > 0;
  const hasEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
  const hasComponents = Array.isArray(body.components) && body.components.length > 0;
  return !hasContent && !hasEmbeds && !hasComponents && !body['poll'] && !body['sticker_ids'];
}
