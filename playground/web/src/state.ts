import type { APIApplicationCommandOptionChoice, APIModalInteractionResponseCallbackData } from 'discord.js';
import type { LessonPreview, PlaygroundChannel, PlaygroundMessage, PlaygroundSnapshot, ServerFrame } from '../../../src/playground/protocol.js';

export interface OpenModal {
  interactionId: string;
  modal: APIModalInteractionResponseCallbackData;
}

/** What the page knows: the server's snapshot kept current by frames, plus who is looking. */
export class PageState {
  snapshot: PlaygroundSnapshot | undefined;
  memberId = '';
  channelId = '';
  /** Per member, the modals the bot opened for them (a tab shows the one for its member). */
  modals = new Map<string, OpenModal>();
  failures: { memberId: string; reason: string; at: number }[] = [];
  lastReload: { lessons: number; reloadedAt: string } | undefined;
  autocompleteWaiters = new Map<string, (choices: APIApplicationCommandOptionChoice[]) => void>();
  previewWaiters = new Map<string, (answer: { preview: LessonPreview } | { error: string }) => void>();

  apply(incoming: ServerFrame): 'all' | 'messages' | { message: PlaygroundMessage } | 'modal' | 'content' | 'failure' | 'none' {
    const snapshot = this.snapshot;
    // A channel list frame (a new member's Direct messages) may be newer than this page's protocol copy.
    const maybeChannels = incoming as unknown as { type: string; channels?: PlaygroundChannel[] };
    if (maybeChannels.type === 'channels' && snapshot && maybeChannels.channels) {
      snapshot.channels = maybeChannels.channels;
      return 'all';
    }
    const frame = incoming;
    if (frame.type === 'snapshot') {
      this.snapshot = frame.snapshot;
      return 'all';
    }
    if (frame.type === 'autocomplete') {
      this.autocompleteWaiters.get(frame.requestId)?.(frame.choices);
      this.autocompleteWaiters.delete(frame.requestId);
      return 'none';
    }
    if (frame.type === 'modal') {
      this.modals.set(frame.memberId, { interactionId: frame.interactionId, modal: frame.modal });
      return 'modal';
    }
    if (frame.type === 'interaction-failed') {
      this.failures.push({ memberId: frame.memberId, reason: frame.reason, at: Date.now() });
      return 'failure';
    }
    if (frame.type === 'preview') {
      this.previewWaiters.get(frame.requestId)?.({ preview: frame.preview });
      this.previewWaiters.delete(frame.requestId);
      return 'none';
    }
    if (frame.type === 'error' && frame.requestId && this.previewWaiters.has(frame.requestId)) {
      this.previewWaiters.get(frame.requestId)?.({ error: frame.message });
      this.previewWaiters.delete(frame.requestId);
      return 'none';
    }
    if (frame.type === 'error') {
      console.warn('playground server:', frame.message);
      this.failures.push({ memberId: this.memberId, reason: frame.message, at: Date.now() });
      return 'failure';
    }
    if (!snapshot) return 'none';
    switch (frame.type) {
      case 'message': {
        const index = snapshot.messages.findIndex((existing) => existing.message.id === frame.message.message.id);
        if (index >= 0) snapshot.messages[index] = frame.message;
        else snapshot.messages.push(frame.message);
        return { message: frame.message };
      }
      case 'message-deleted':
        snapshot.messages = snapshot.messages.filter((existing) => existing.message.id !== frame.messageId);
        return 'messages';
      case 'members':
        snapshot.members = frame.members;
        return 'all';
      case 'commands':
        snapshot.commands = frame.commands;
        return 'all';
      case 'content':
        snapshot.contentProblems = frame.problems;
        snapshot.lessonIndex = frame.lessonIndex;
        this.lastReload = { lessons: frame.lessons, reloadedAt: frame.reloadedAt };
        return 'content';
      default:
        return 'none';
    }
  }

  /** Messages the current member sees in the current channel, in posting order. */
  visibleMessages(): PlaygroundMessage[] {
    return (this.snapshot?.messages ?? []).filter(
      (entry) => entry.message.channel_id === this.channelId && (entry.visibleTo === null || entry.visibleTo === this.memberId),
    );
  }

  userName(id: string): string | undefined {
    if (this.snapshot?.bot.id === id) return this.snapshot.bot.global_name ?? this.snapshot.bot.username;
    const member = this.snapshot?.members.find((candidate) => candidate.user.id === id);
    return member ? (member.user.global_name ?? member.user.username) : undefined;
  }
}
