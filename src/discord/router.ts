import { MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import { AppError } from '../errors.js';
import { interactionLogger, type Logger } from '../log.js';
import type { BotContext, CommandModule, ComponentHandler, ModalHandler } from './command.js';
import { decodeRoute, type Route, type RouteKind } from './ids.js';
import { displayNameOf } from './members.js';
import { describeAppError, describeRouteError, unexpectedFailure } from './messages.js';

export type SharedContext = Omit<BotContext, 'log'> & { log: Logger };

/**
 * Sends each interaction to its command or component handler, and makes sure every one
 * is answered: a handler's AppError becomes its words, anything else a short apology with
 * the interaction id, logged in full.
 */
export function createRouter(commands: readonly CommandModule[], shared: SharedContext) {
  const commandsByName = new Map(commands.map((command) => [command.data.name, command]));
  const componentHandlers = new Map<RouteKind, ComponentHandler<RouteKind>>();
  const modalHandlers = new Map<RouteKind, ModalHandler<RouteKind>>();
  for (const command of commands) {
    for (const [kind, handler] of Object.entries(command.components ?? {})) {
      if (componentHandlers.has(kind as RouteKind)) throw new Error(`two commands handle the component route ${kind}`);
      componentHandlers.set(kind as RouteKind, handler as ComponentHandler<RouteKind>);
    }
    for (const [kind, handler] of Object.entries(command.modals ?? {})) {
      if (modalHandlers.has(kind as RouteKind)) throw new Error(`two commands handle the modal route ${kind}`);
      modalHandlers.set(kind as RouteKind, handler as ModalHandler<RouteKind>);
    }
  }

  return async function route(interaction: Interaction): Promise<void> {
    const started = performance.now();
    // Read once: the route names the log's command and picks the handler.
    const decoded = interaction.isMessageComponent() || interaction.isModalSubmit() ? decodeRoute(interaction.customId) : undefined;
    const log = interactionLogger(shared.log, {
      interactionId: interaction.id,
      guildId: interaction.guildId,
      userId: interaction.user.id,
      command: describeTarget(interaction, decoded),
    });
    const context: BotContext = { ...shared, log };
    try {
      if (!interaction.inGuild()) throw new AppError('guild.only');
      if (!interaction.isAutocomplete()) rememberMember(interaction, context);
      await dispatch(interaction, context, decoded);
      log.debug({ durationMs: Math.round(performance.now() - started) }, 'interaction handled');
    } catch (error) {
      await answerFailure(interaction, error, log);
    }
  };

  async function dispatch(interaction: Interaction<'cached' | 'raw'>, context: BotContext, decoded: ReturnType<typeof decodeRoute> | undefined): Promise<void> {
    if (interaction.isChatInputCommand()) {
      const execute = commandsByName.get(interaction.commandName)?.execute;
      if (!execute) throw new AppError('component.unreadable');
      await execute(interaction, context);
    } else if (interaction.isMessageContextMenuCommand()) {
      const execute = commandsByName.get(interaction.commandName)?.executeMessage;
      if (!execute) throw new AppError('component.unreadable');
      await execute(interaction, context);
    } else if (interaction.isModalSubmit()) {
      const handler = decoded?.ok ? modalHandlers.get(decoded.value.kind) : undefined;
      if (!decoded?.ok || !handler) throw new AppError('component.unreadable');
      await handler(interaction, decoded.value as Route, context);
    } else if (interaction.isAutocomplete()) {
      await commandsByName.get(interaction.commandName)?.autocomplete?.(interaction, context);
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isMessageComponent() && decoded) {
      if (!decoded.ok) {
        await interaction.reply({ content: describeRouteError(decoded.error), flags: MessageFlags.Ephemeral });
        return;
      }
      const handler = componentHandlers.get(decoded.value.kind);
      if (!handler) throw new AppError('component.unreadable');
      await handler(interaction, decoded.value as Route, context);
    }
  }
}

/** The name a member goes by, for leaderboards: kept fresh by their own interactions. */
function rememberMember(interaction: Interaction<'cached' | 'raw'>, context: BotContext): void {
  try {
    context.store.leaderboard.seeMember(interaction.guildId, interaction.user.id, displayNameOf(interaction), context.now());
  } catch (error) {
    context.log.warn({ err: error }, 'could not remember the member');
  }
}

function describeTarget(interaction: Interaction, decoded: ReturnType<typeof decodeRoute> | undefined): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (decoded) return decoded.ok ? decoded.value.kind : 'component';
  return 'other';
}

async function answerFailure(interaction: Interaction, error: unknown, log: Logger): Promise<void> {
  const content = error instanceof AppError ? describeAppError(error) : unexpectedFailure(interaction.id);
  if (error instanceof AppError) log.info({ code: error.code }, 'interaction refused');
  else log.error({ err: error }, 'interaction failed');
  try {
    if (interaction.isAutocomplete()) {
      if (!interaction.responded) await interaction.respond([]);
    } else if (interaction.isRepliable()) {
      await replyPrivately(interaction, content);
    }
  } catch (answerError) {
    log.warn({ err: answerError }, 'could not tell the member about a failure');
  }
}

async function replyPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  if (interaction.replied || interaction.deferred) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  else await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}
