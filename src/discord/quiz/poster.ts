import { DiscordAPIError, Routes, type APIChannel, type APIMessage, type REST } from 'discord.js';
import type { MessageView } from '../views/lesson.js';

/** Where public quiz messages go: the channel, through the bot's own REST client. */
export interface ChannelPoster {
  /** With a nonce, Discord returns the message already created with it instead of a second one. */
  post(channelId: string, view: MessageView, nonce?: string): Promise<string>;
  edit(channelId: string, messageId: string, view: MessageView): Promise<void>;
  /** A direct message, for when the channel itself refuses the bot. */
  direct(userId: string, view: MessageView): Promise<void>;
}

export const restPoster = (rest: REST): ChannelPoster => ({
  async post(channelId, view, nonce) {
    const body = { ...view, allowed_mentions: { parse: [] }, ...(nonce ? { nonce, enforce_nonce: true } : {}) };
    const message = (await rest.post(Routes.channelMessages(channelId), { body })) as APIMessage;
    return message.id;
  },
  async edit(channelId, messageId, view) {
    await rest.patch(Routes.channelMessage(channelId, messageId), { body: { ...view, allowed_mentions: { parse: [] } } });
  },
  async direct(userId, view) {
    const channel = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
    await rest.post(Routes.channelMessages(channel.id), { body: { ...view, allowed_mentions: { parse: [] } } });
  },
});

/** At most 25 characters, the same for every attempt at one question of one session. */
export const postNonce = (sessionId: string, questionIndex: number) => `q${sessionId}-${questionIndex}`;

/** Codes that no retry will fix: the channel is gone or the bot may not post there. */
const permanentCodes = new Set([10003 /* Unknown Channel */, 50001 /* Missing Access */, 50013 /* Missing Permissions */]);

export function classifyPostFailure(error: unknown): { permanent: boolean } {
  if (error instanceof DiscordAPIError) {
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    return { permanent: permanentCodes.has(code) || error.status === 403 || error.status === 404 };
  }
  return { permanent: false };
}
