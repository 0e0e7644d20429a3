import type { APIApplicationCommandOptionChoice, APIMessage, APIModalInteractionResponseCallbackData } from 'discord.js';
import type { InteractionHandle, LocalDiscord, ScreenChange } from './discord/index.js';
import type { PlaygroundMessage, ServerFrame } from './protocol.js';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;
const RESPONSE_AUTOCOMPLETE = 8;
const RESPONSE_MODAL = 9;
/** Discord shows "This interaction failed" when the bot has not answered within three seconds. */
export const interactionWindowMs = 3_000;

/** Who a message is for: everyone in the channel, the member an ephemeral reply answers, or a DM's recipient. */
export function playgroundMessage(local: LocalDiscord, message: APIMessage): PlaygroundMessage {
  const flags = message.flags ?? 0;
  const dmRecipient = local.dmRecipientOf(message.channel_id);
  const metadata = message.interaction_metadata as { user?: { id: string }; name?: string } | undefined;
  const visibleTo = (flags & EPHEMERAL) !== 0 && metadata?.user ? metadata.user.id : (dmRecipient ?? null);
  return {
    message,
    visibleTo,
    loading: (flags & LOADING) !== 0,
    ...(metadata?.user && metadata.name ? { invokedBy: { userId: metadata.user.id, commandName: metadata.name } } : {}),
  };
}

interface Pending {
  requestId: string;
  memberId: string;
  reply: (frame: ServerFrame) => void;
  timer: NodeJS.Timeout;
  settled: boolean;
  /** Why Discord refused the bot's last answer; the bot may still answer properly in time. */
  refusal?: string;
}

/** An interaction that opened a modal: the submit is dispatched from where it was opened. */
export interface OpenModal {
  memberId: string;
  channelId: string;
  sourceMessageId: string | undefined;
}

/**
 * Turns what the local Discord does into frames for the pages: messages as they are posted,
 * edited and deleted, modals and autocomplete answers for the member who asked, and
 * "This interaction failed" when the bot did not answer in time or Discord would have refused it.
 */
export class ScreenMirror {
  private readonly pending = new Map<string, Pending>();
  private readonly modals = new Map<string, OpenModal>();
  /** Ephemeral replies their member dismissed: gone from their screen, though the bot may still edit them. */
  private readonly dismissed = new Set<string>();
  private readonly stopWatching: () => void;

  constructor(
    private readonly local: LocalDiscord,
    private readonly broadcast: (frame: ServerFrame) => void,
  ) {
    this.stopWatching = local.onScreenChange((change) => this.onChange(change));
  }

  /** Follows an interaction a page started, answering `reply` with what only the asker sees. */
  follow(handle: InteractionHandle, requestId: string, memberId: string, reply: (frame: ServerFrame) => void): void {
    const pending: Pending = {
      requestId,
      memberId,
      reply,
      settled: false,
      timer: setTimeout(() => {
        const late = `${this.local.botUser.username} did not answer within ${interactionWindowMs / 1000} s`;
        if (!handle.acknowledged()) this.fail(handle.id, pending.refusal ? `${late}; Discord refused its answer: ${pending.refusal}.` : `${late}.`);
        this.pending.delete(handle.id);
      }, interactionWindowMs),
    };
    pending.timer.unref();
    this.pending.set(handle.id, pending);
  }

  /** As on Discord, dismissing is the member's view only: the message stays, and later edits stay hidden. */
  dismiss(message: APIMessage): void {
    this.dismissed.add(message.id);
    this.broadcast({ type: 'message-deleted', channelId: message.channel_id, messageId: message.id });
  }

  /** Every message still on someone's screen, in posting order. */
  onScreen(): PlaygroundMessage[] {
    return this.local
      .messages()
      .filter((message) => !this.dismissed.has(message.id))
      .map((message) => playgroundMessage(this.local, message));
  }

  openModal(interactionId: string): OpenModal | undefined {
    return this.modals.get(interactionId);
  }

  closeModal(interactionId: string): void {
    this.modals.delete(interactionId);
  }

  close(): void {
    this.stopWatching();
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.pending.clear();
  }

  private onChange(change: ScreenChange): void {
    if (change.kind === 'message') {
      if (this.dismissed.has(change.message.id)) return;
      this.broadcast({ type: 'message', message: playgroundMessage(this.local, change.message) });
      return;
    }
    if (change.kind === 'message-deleted') {
      this.broadcast({ type: 'message-deleted', channelId: change.message.channel_id, messageId: change.message.id });
      return;
    }
    const { callback, payload } = change;
    const pending = this.pending.get(payload.id);
    if (!pending || pending.settled) return;
    if (callback.error) {
      // As on Discord, a refused answer leaves the interaction open: the bot may still answer in time.
      pending.refusal = `${callback.error.message} (${callback.error.code})`;
      return;
    }
    pending.settled = true;
    clearTimeout(pending.timer);
    this.pending.delete(payload.id);
    if (callback.type === RESPONSE_MODAL) {
      const message = (payload as { message?: APIMessage }).message;
      this.modals.set(payload.id, { memberId: pending.memberId, channelId: (payload as { channel_id: string }).channel_id, sourceMessageId: message?.id });
      const modal = callback.data as unknown as APIModalInteractionResponseCallbackData;
      this.broadcast({ type: 'modal', memberId: pending.memberId, interactionId: payload.id, modal });
    }
    if (callback.type === RESPONSE_AUTOCOMPLETE) {
      const choices = (callback.data?.choices ?? []) as APIApplicationCommandOptionChoice[];
      pending.reply({ type: 'autocomplete', requestId: pending.requestId, choices });
    }
  }

  private fail(interactionId: string, reason: string): void {
    const pending = this.pending.get(interactionId);
    if (!pending || pending.settled) return;
    pending.settled = true;
    clearTimeout(pending.timer);
    this.pending.delete(interactionId);
    this.broadcast({ type: 'interaction-failed', requestId: pending.requestId, memberId: pending.memberId, reason });
  }
}
