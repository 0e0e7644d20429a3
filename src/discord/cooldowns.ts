import type { BaseInteraction } from 'discord.js';
import { AppError } from '../errors.js';
import type { CooldownAction } from '../store/store.js';
import type { BotContext } from './command.js';

const commandNames: Record<CooldownAction, string> = { decode: '`/decode`', 'quiz-start': '`/quiz start`' };

/** Starts the member's cooldown for this command, or refuses with when they may try again. */
export function requireCooldown(interaction: BaseInteraction<'cached' | 'raw'>, context: BotContext, action: CooldownAction): void {
  const settings = context.store.guildSettings(interaction.guildId);
  const seconds = action === 'decode' ? settings.decodeCooldownSeconds : settings.quizStartCooldownSeconds;
  const key = { guildId: interaction.guildId, userId: interaction.user.id, action };
  const outcome = context.store.startCooldown(key, context.now(), seconds);
  if (!outcome.started) throw new AppError('cooldown.active', { what: commandNames[action], until: outcome.until });
}
