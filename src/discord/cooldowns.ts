import type { BaseInteraction } from 'discord.js';
import { AppError } from '../errors.js';
import type { CooldownAction } from '../store/store.js';
import type { BotContext } from './command.js';

const commandNames: Record<CooldownAction, string> = { decode: '`/decode`', 'quiz-start': '`/quiz start`' };

/**
 * Runs `work` under the member's cooldown for this command, or refuses with when they may try
 * again. The cooldown is claimed first (one statement, so two processes agree); when `work`
 * is refused (a quiz already running here, a missing permission), it ends again, so a failed
 * attempt costs the member no wait.
 */
export async function withCooldown<T>(interaction: BaseInteraction<'cached' | 'raw'>, context: BotContext, action: CooldownAction, work: () => Promise<T>): Promise<T> {
  await requireCooldown(interaction, context, action);
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) await context.store.endCooldown({ guildId: interaction.guildId, userId: interaction.user.id, action });
    throw error;
  }
}

/** Starts the member's cooldown for this command, or refuses with when they may try again. */
export async function requireCooldown(interaction: BaseInteraction<'cached' | 'raw'>, context: BotContext, action: CooldownAction): Promise<void> {
  const settings = await context.store.guildSettings(interaction.guildId);
  const seconds = action === 'decode' ? settings.decodeCooldownSeconds : settings.quizStartCooldownSeconds;
  const key = { guildId: interaction.guildId, userId: interaction.user.id, action };
  const outcome = await context.store.startCooldown(key, context.now(), seconds);
  if (!outcome.started) throw new AppError('cooldown.active', { what: commandNames[action], until: outcome.until });
}
