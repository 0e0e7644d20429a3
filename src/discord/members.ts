import { PermissionFlagsBits, type BaseInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { QuizSession } from '../store/quiz-store.js';
import type { GuildSettings } from '../store/store.js';

type GuildInteraction = BaseInteraction<'cached' | 'raw'>;

/** The name the member shows in this server. */
export function displayNameOf(interaction: GuildInteraction): string {
  const member = interaction.member as { nick?: string | null; displayName?: string } | null;
  return member?.displayName ?? member?.nick ?? interaction.user.globalName ?? interaction.user.username;
}

function roleIdsOf(interaction: GuildInteraction): string[] {
  const roles = (interaction.member as { roles?: unknown } | null)?.roles;
  if (Array.isArray(roles)) return roles as string[];
  const cache = (roles as { cache?: Map<string, unknown> } | undefined)?.cache;
  return cache ? [...cache.keys()] : [];
}

/** Host, moderator (Manage Server) or a member of the server's quiz-host role. */
export function mayRunQuiz(interaction: GuildInteraction, session: Pick<QuizSession, 'hostId'>, settings: GuildSettings): boolean {
  if (interaction.user.id === session.hostId) return true;
  if (isModerator(interaction)) return true;
  return settings.quizHostRoleId !== null && roleIdsOf(interaction).includes(settings.quizHostRoleId);
}


export const isModerator = (interaction: GuildInteraction) => interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;

/** The name of the member a command's `member` option names, or the caller's own when it is empty. */
export function memberOptionName(interaction: ChatInputCommandInteraction<'cached' | 'raw'>): { userId: string; name: string } {
  const user = interaction.options.getUser('member');
  if (!user) return { userId: interaction.user.id, name: displayNameOf(interaction) };
  const member = interaction.options.getMember('member') as { displayName?: string; nick?: string | null } | null;
  return { userId: user.id, name: member?.displayName ?? member?.nick ?? user.globalName ?? user.username };
}
