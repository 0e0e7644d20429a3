import type { APIInteraction, APIMessage, APIMessageInteractionMetadata } from 'discord.js';
import { discordError, fail, noContent, ok, type Reply } from './http.js';
import type { BuiltInteraction } from './interactions.js';
import { EPHEMERAL, isEmptyMessage, LOADING, type MessageStore } from './messages.js';
import type {
  CallbackData,
  DiscordErrorBody,
  InteractionActivity,
  RecordedCallback,
  RecordedFile,
  RecordedRequest,
  RecordedWebhookCall,
  ScreenChange,
} from './types.js';
import { validateChoices, validateMessage } from './validate.js';
import type { ChangeFeed } from './waiting.js';
import type { World } from './world.js';

// Waits end as soon as the bot answers; the long default only matters on slow machines.
const DEFAULT_WAIT_MS = 10_000;

// Interaction response types (https://discord.com/developers/docs/interactions/receiving-and-responding).
const ResponseType = { Message: 4, DeferredMessage: 5, DeferredUpdate: 6, Update: 7, Autocomplete: 8, Modal: 9 } as const;
const ALLOWED_RESPONSES: Record<number, number[]> = {
  2: [4, 5, 9, 10, 12], // application command
  3: [4, 5, 6, 7, 9, 10, 12], // message component
  4: [8], // autocomplete
  5: [4, 5, 6, 7, 10], // modal submit (6/7 only when opened from a message)
};

interface InteractionRecord {
  built: BuiltInteraction;
  id: string;
  token: string;
  type: number;
  channelId: string;
  dispatchedAt: number;
  acknowledged: boolean;
  originalMessageId?: string | undefined;
  followUpIds: string[];
  activity: InteractionActivity[];
}

export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly payload: APIInteraction;
  /** The first accepted callback; rejects on timeout or if Discord would have refused the answer. */
  response(options?: { timeoutMs?: number }): Promise<RecordedCallback>;
  callbacks(): RecordedCallback[];
  webhooks(): RecordedWebhookCall[];
  /** Callbacks and webhook calls in arrival order. */
  activity(): InteractionActivity[];
  /** Resolves with the first recorded activity (past or future) matching the predicate. */
  waitFor(predicate: (activity: InteractionActivity) => boolean, timeoutMs?: number): Promise<InteractionActivity>;
  /** The reply as users currently see it (after edits); for components after update(), the clicked message. */
  message(): APIMessage | undefined;
  followUps(): APIMessage[];
  /** Whether an answer was accepted: the interaction can no longer fail. */
  acknowledged(): boolean;
}

/** Records interactions and answers their callback and webhook routes the way Discord does. */
export class InteractionTracker {
  private readonly byToken = new Map<string, InteractionRecord>();

  constructor(
    private readonly world: World,
    private readonly messages: MessageStore,
    private readonly feed: ChangeFeed,
    private readonly deadlineMs: number,
    private readonly requests: RecordedRequest[],
    private readonly onChange: (change: ScreenChange) => void = () => {},
  ) {}

  register(built: BuiltInteraction): InteractionHandle {
    const payload = built.payload as APIInteraction & { channel_id: string };
    const record: InteractionRecord = {
      built,
      id: payload.id,
      token: payload.token,
      type: payload.type,
      channelId: payload.channel_id,
      dispatchedAt: Date.now(),
      acknowledged: false,
      followUpIds: [],
      activity: [],
    };
    this.byToken.set(record.token, record);
    return this.handle(record);
  }

  callback(interactionId: string, token: string, body: unknown, files: RecordedFile[], withResponse: boolean): Reply {
    const record = this.byToken.get(token);
    if (!record || record.id !== interactionId) return discordError(404, 'Unknown interaction', 10062);
    const { type, data } = (body ?? {}) as { type?: number; data?: CallbackData };
    const now = Date.now();
    const entry: RecordedCallback = {
      kind: 'callback',
      at: now,
      elapsedMs: now - record.dispatchedAt,
      interactionId,
      token,
      type: type as RecordedCallback['type'],
      data,
      withResponse,
      files,
      status: 0,
    };
    const problem = this.callbackProblem(record, entry);
    if (problem) return this.store(record, entry, fail(problem.status, problem.error));
    const message = this.applyCallback(record, entry);
    record.acknowledged = true;
    const reply = withResponse ? ok(this.callbackResponse(record, entry.type, message)) : noContent();
    return this.store(record, entry, reply);
  }

  webhook(
    method: RecordedWebhookCall['method'],
    applicationId: string,
    token: string,
    messageRef: string | null,
    body: unknown,
    files: RecordedFile[],
  ): Reply {
    const record = applicationId === this.world.applicationId ? this.byToken.get(token) : undefined;
    if (!record) return discordError(404, 'Unknown Webhook', 10015);
    const now = Date.now();
    const entry: RecordedWebhookCall = {
      kind: 'webhook',
      at: now,
      elapsedMs: now - record.dispatchedAt,
      token,
      method,
      messageId: messageRef,
      body: body as CallbackData | undefined,
      files,
      message: null,
      status: 0,
    };
    // The interaction webhook only exists once the interaction was acknowledged.
    if (!record.acknowledged) return this.store(record, entry, discordError(404, 'Unknown Webhook', 10015));
    const reply = messageRef === null ? this.followUp(record, entry) : this.onMessage(record, entry, messageRef);
    return this.store(record, entry, reply);
  }

  private callbackProblem(
    record: InteractionRecord,
    entry: RecordedCallback,
  ): { status: number; error: DiscordErrorBody } | null {
    if (record.acknowledged) {
      return { status: 400, error: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    }
    if (entry.elapsedMs > this.deadlineMs) {
      return { status: 404, error: { message: 'Unknown interaction', code: 10062 } };
    }
    const fromMessage = record.built.sourceMessageId !== undefined;
    const allowed = ALLOWED_RESPONSES[record.type] ?? [];
    const needsMessage = entry.type === ResponseType.DeferredUpdate || entry.type === ResponseType.Update;
    if (!allowed.includes(entry.type) || (needsMessage && !fromMessage)) {
      const message = 'Interaction response type is invalid for this interaction';
      return { status: 400, error: { message, code: 50035 } };
    }
    if (entry.type === ResponseType.Message && isEmptyMessage(entry.data, entry.files)) {
      return { status: 400, error: { message: 'Cannot send an empty message', code: 50006 } };
    }
    const invalid =
      entry.type === ResponseType.Autocomplete ? validateChoices(entry.data) : validateMessage(entry.data, ['data']);
    return invalid ? { status: 400, error: invalid } : null;
  }

  /** Puts the answer on screen: a new reply, a loading placeholder, or an edit of the clicked message. */
  private applyCallback(record: InteractionRecord, entry: RecordedCallback): APIMessage | undefined {
    const isCommand = record.type === 2;
    switch (entry.type) {
      case ResponseType.Message:
      case ResponseType.DeferredMessage: {
        const deferred = entry.type === ResponseType.DeferredMessage;
        const message = this.messages.create({
          channelId: record.channelId,
          author: this.world.botUser,
          body: deferred ? { flags: entry.data?.flags ?? 0 } : (entry.data ?? {}),
          files: entry.files,
          type: isCommand ? 20 : 0,
          extraFlags: deferred ? LOADING : 0,
          webhookId: this.world.applicationId,
          applicationId: this.world.applicationId,
          interactionMetadata: this.metadata(record),
        });
        record.originalMessageId = message.id;
        return message;
      }
      case ResponseType.DeferredUpdate:
        record.originalMessageId = record.built.sourceMessageId;
        return this.messages.get(record.built.sourceMessageId!);
      case ResponseType.Update:
        record.originalMessageId = record.built.sourceMessageId;
        return this.messages.edit(record.built.sourceMessageId!, entry.data ?? {}, entry.files);
      default:
        return undefined;
    }
  }

  private followUp(record: InteractionRecord, entry: RecordedWebhookCall): Reply {
    if (isEmptyMessage(entry.body, entry.files)) return discordError(400, 'Cannot send an empty message', 50006);
    const invalid = validateMessage(entry.body);
    if (invalid) return fail(400, invalid);
    const message = this.messages.create({
      channelId: record.channelId,
      author: this.world.botUser,
      body: entry.body ?? {},
      files: entry.files,
      webhookId: this.world.applicationId,
      applicationId: this.world.applicationId,
      interactionMetadata: this.metadata(record),
    });
    record.followUpIds.push(message.id);
    entry.message = message;
    return ok(message);
  }

  private onMessage(record: InteractionRecord, entry: RecordedWebhookCall, messageRef: string): Reply {
    const id = messageRef === '@original' ? record.originalMessageId : messageRef;
    const owned = [record.originalMessageId, record.built.sourceMessageId, ...record.followUpIds];
    const message = id && owned.includes(id) ? this.messages.get(id) : undefined;
    if (!message) return discordError(404, 'Unknown Message', 10008);
    if (entry.method === 'GET') {
      entry.message = message;
      return ok(message);
    }
    if (entry.method === 'DELETE') {
      this.messages.delete(message.id);
      return noContent();
    }
    const invalid = validateMessage(entry.body);
    if (invalid) return fail(400, invalid);
    entry.message = this.messages.edit(message.id, entry.body ?? {}, entry.files);
    return ok(entry.message);
  }

  private store(record: InteractionRecord, entry: InteractionActivity, reply: Reply): Reply {
    entry.status = reply.status;
    if (reply.status >= 400) entry.error = reply.body as DiscordErrorBody;
    record.activity.push(entry);
    if (entry.kind === 'callback') this.onChange({ kind: 'callback', callback: entry, payload: record.built.payload });
    this.feed.notify();
    return reply;
  }

  private metadata(record: InteractionRecord): APIMessageInteractionMetadata {
    const payload = record.built.payload as APIInteraction & { data?: { name?: string } };
    const user = payload.member?.user ?? payload.user!;
    return {
      id: record.id,
      type: record.type,
      user,
      authorizing_integration_owners: payload.authorizing_integration_owners,
      ...(record.type === 2 && payload.data?.name ? { name: payload.data.name } : {}),
    } as APIMessageInteractionMetadata;
  }

  /** The body Discord returns for `?with_response=true`. */
  private callbackResponse(record: InteractionRecord, type: number, message: APIMessage | undefined) {
    const flags = message?.flags ?? 0;
    return {
      interaction: {
        id: record.id,
        type: record.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: (flags & LOADING) !== 0,
              response_message_ephemeral: (flags & EPHEMERAL) !== 0,
            }
          : {}),
      },
      ...(message ? { resource: { type, message } } : {}),
    };
  }

  private handle(record: InteractionRecord): InteractionHandle {
    const callbacks = () => record.activity.filter((a): a is RecordedCallback => a.kind === 'callback');
    return {
      id: record.id,
      token: record.token,
      payload: record.built.payload,
      callbacks,
      webhooks: () => record.activity.filter((a): a is RecordedWebhookCall => a.kind === 'webhook'),
      activity: () => [...record.activity],
      message: () => (record.originalMessageId ? this.messages.get(record.originalMessageId) : undefined),
      acknowledged: () => record.acknowledged,
      followUps: () => record.followUpIds.map((id) => this.messages.get(id)).filter((m): m is APIMessage => !!m),
      response: ({ timeoutMs = DEFAULT_WAIT_MS } = {}) =>
        this.feed.wait(
          () => {
            const list = callbacks();
            const accepted = list.find((c) => !c.error);
            if (accepted) return accepted;
            if (list[0]) throw new Error(this.describeRejection(record, list[0]));
            return undefined;
          },
          timeoutMs,
          () => this.describeTimeout(record, `answer ${record.built.label}`, timeoutMs),
        ),
      waitFor: (predicate, timeoutMs = DEFAULT_WAIT_MS) =>
        this.feed.wait(
          () => record.activity.find(predicate),
          timeoutMs,
          () => this.describeTimeout(record, `do the expected follow-up for ${record.built.label}`, timeoutMs),
        ),
    };
  }

  private describeRejection(record: InteractionRecord, callback: RecordedCallback): string {
    const why =
      callback.error?.code === 10062
        ? `it answered after ${callback.elapsedMs} ms, past Discord's ${this.deadlineMs} ms deadline`
        : `the callback was invalid`;
    return (
      `local-discord: the bot's answer to ${record.built.label} was rejected: ${why} ` +
      `(${callback.status} ${JSON.stringify(callback.error)}; callback type ${callback.type})`
    );
  }

  private describeTimeout(record: InteractionRecord, what: string, timeoutMs: number): string {
    const unexpected = this.requests
      .filter((r) => r.at >= record.dispatchedAt && (!r.matched || r.status >= 400))
      .map((r) => `${r.method} ${r.path} -> ${r.status}`);
    const seen = record.activity.map((a) => `${a.kind} ${a.kind === 'callback' ? a.type : a.method} -> ${a.status}`);
    return [
      `local-discord: the bot did not ${what} (interaction ${record.id}) within ${timeoutMs} ms.`,
      `Recorded for this interaction: ${seen.join(', ') || 'nothing'}.`,
      unexpected.length ? `Failed REST requests since dispatch: ${unexpected.join('; ')}.` : '',
      'Did the client reach clientReady, and does an interactionCreate listener handle this?',
    ]
      .filter(Boolean)
      .join('\n');
  }
}
