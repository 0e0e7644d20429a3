import type { BaseInteraction } from 'discord.js';
import { AppError } from '../errors.js';
import type { GuildSettings } from '../store/store.js';

export type ChannelArea = 'lessons' | 'quizzes';

/** Moderators may limit lessons and competitions to some channels; an empty list means anywhere. */
export function requireChannel(interaction: BaseInteraction<'cached' | 'raw'>, settings: GuildSettings, area: ChannelArea): void {
  const allowed = area === 'lessons' ? settings.lessonChannelIds : settings.quizChannelIds;
  if (allowed.length === 0 || interaction.channelId === null) return;
  // A thread belongs to its parent channel's rules.
  const parentId = (interaction.channel as { parentId?: string | null } | null)?.parentId ?? null;
  if (allowed.includes(interaction.channelId) || (parentId !== null && allowed.includes(parentId))) return;
  throw new AppError('channel.not-allowed', { channelIds: allowed, what: area === 'lessons' ? 'learning' : 'a quiz competition' });
}
