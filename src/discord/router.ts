import { DiscordAPIError, MessageFlags, MessagePayload, RESTJSONErrorCodes, type Interaction, type RepliableInteraction } from 'discord.js';
import type { CatalogueHolder } from '../content/catalogue-holder.js';
import { AppError } from '../errors.js';
import { lazyInteractionLogger, logInteraction, type Logger } from '../log.js';
import { observeInteraction, outcomeOf, type InteractionOutcome } from '../ops/metrics.js';
import { isStoreBusy } from '../store/store.js';
import type { BotContext, CommandModule, ComponentHandler, ModalHandler } from './command.js';
import { decodeRoute, type Route, type RouteKind } from './ids.js';
import { displayNameOf } from './members.js';
import { describeAppError, describeRouteError, unexpectedFailure } from './messages.js';

export type SharedContext = Omit<BotContext, 'log' | 'catalogue'> & { log: Logger; catalogue: CatalogueHolder };

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
    const decoded = interaction.isMessageComponent() || interaction.isModalSubmit() ? decodedRoute(interaction.customId) : undefined;
    const command = describeTarget(interaction, decoded);
    const fields = { interactionId: interaction.id, guildId: interaction.guildId, userId: interaction.user.id, command };
    const context = new InteractionContext(shared, lazyInteractionLogger(shared.log, fields));
    let outcome: InteractionOutcome = 'ok';
    try {
      if (!interaction.inGuild()) throw new AppError('guild.only');
      if (claimedFirst(interaction, decoded) && !(await claim(interaction, context))) {
        outcome = 'elsewhere';
        return;
      }
      if (!interaction.isAutocomplete()) rememberMember(interaction, context);
      await dispatchPatiently(interaction, context, decoded);
    } catch (error) {
      outcome = outcomeOf(error);
      await answerFailure(interaction, error, context.log);
    } finally {
      // One line per interaction at info: which command, how it ended, how long it took; no user content.
      const durationMs = observeInteraction(command, outcome, started);
      logInteraction(shared.log, interaction.isAutocomplete() ? 'debug' : 'info', fields, outcome, durationMs);
    }
  };

  /**
   * A locked database must not cost a member their answer: where the handler can finish later,
   * the interaction is acknowledged within Discord's three seconds and the handler runs again
   * once the lock clears. Anything else is told to try again in a moment.
   */
  async function dispatchPatiently(interaction: Interaction<'cached' | 'raw'>, context: BotContext, decoded: Decoded): Promise<void> {
    try {
      await dispatch(interaction, context, decoded);
    } catch (error) {
      const finishLater = decoded?.ok ? finishedLater[decoded.value.kind] : undefined;
      if (!isStoreBusy(error) || !finishLater || !interaction.isMessageComponent() || interaction.replied || interaction.deferred) throw error;
      if (finishLater === 'update') await interaction.deferUpdate();
      else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      context.log.info({ kind: decoded?.ok ? decoded.value.kind : undefined }, 'database busy: deferred, will finish when it clears');
      const deferred = answeredThroughEdits(interaction);
      for (const delayMs of busyRetryDelaysMs) {
        await sleep(delayMs);
        try {
          await dispatch(deferred, context, decoded);
          return;
        } catch (retryError) {
          if (!isStoreBusy(retryError)) throw retryError;
        }
      }
      throw new AppError('store.busy');
    }
  }

  async function dispatch(interaction: Interaction<'cached' | 'raw'>, context: BotContext, decoded: Decoded): Promise<void> {
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

type Decoded = ReturnType<typeof decodeRoute> | undefined;

/**
 * What one interaction's handler is given. A class rather than `{ ...shared, more }`: on Node 20,
 * an object spread followed by more properties takes V8's slow path, and with the log getter
 * defined afterwards that cost about 2 µs on every interaction (30 ns this way).
 */
class InteractionContext implements BotContext {
  readonly catalogue;
  readonly store;
  readonly now;
  readonly receivedAt;
  readonly live;
  readonly features;
  readonly attachmentOrigins;

  constructor(
    shared: SharedContext,
    private readonly logger: () => Logger,
  ) {
    this.catalogue = shared.catalogue.current;
    this.store = shared.store;
    this.now = shared.now;
    this.receivedAt = shared.now();
    this.live = shared.live;
    this.features = shared.features;
    this.attachmentOrigins = shared.attachmentOrigins;
  }

  /** The interaction's own logger, made on first use: most interactions never log more than their one line. */
  get log(): Logger {
    return this.logger();
  }
}

/**
 * Routes already read, by custom_id: the same buttons (a lesson's pages, a question's answers)
 * are clicked again and again, and a zod parse per click costs more than the lookup. Only ids
 * that decoded are kept, frozen so no handler can change them for the next click; the map is
 * emptied when full, so it stays small whatever ids arrive.
 */
const decodedRoutes = new Map<string, Decoded>();
const decodedRoutesLimit = 1_000;

function decodedRoute(customId: string): Decoded {
  const known = decodedRoutes.get(customId);
  if (known) return known;
  const decoded = decodeRoute(customId);
  if (!decoded.ok) return decoded;
  if (decodedRoutes.size >= decodedRoutesLimit) decodedRoutes.clear();
  Object.freeze(decoded.value);
  decodedRoutes.set(customId, Object.freeze(decoded));
  return decoded;
}

/** Routes whose handler may run again after a deferral, and how they acknowledge. */
const finishedLater: Partial<Record<RouteKind, 'reply' | 'update'>> = {
  'quiz.answer': 'reply',
  'quiz.multi': 'reply',
  'quiz.submit': 'update',
  'lesson.page': 'update',
  'lesson.jump': 'update',
};
/** About twelve seconds in all, well inside the fifteen minutes an interaction token lives. */
const busyRetryDelaysMs = [250, 500, 1_000, 2_000, 4_000, 4_000];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** After a deferral, a handler's reply or update becomes an edit of the deferred response. */
function answeredThroughEdits<T extends Interaction>(interaction: T): T {
  const asEdit = (given: Record<string, unknown> | MessagePayload) => {
    // A ready-made payload carries the options it was made from: the edit is made from those.
    const options = given instanceof MessagePayload ? (given.options as Record<string, unknown>) : given;
    const { flags: _flags, withResponse: _withResponse, ...rest } = options;
    return (interaction as unknown as RepliableInteraction).editReply(rest);
  };
  return new Proxy(interaction, {
    get(target, property) {
      if (property === 'reply' || property === 'update') return asEdit;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Routes that need no claim of their own before they run. Lesson pages change nothing but
 * bookkeeping, which is the same whichever process writes it (pages seen are OR-ed in; a
 * completion is written once, under its own transaction), and the loser's reply is refused by
 * Discord as already answered. Answers are claimed inside the transaction that records them.
 * Everything else (a quiz started, a message posted, a setting changed) is claimed first.
 */
const unclaimedCommands = new Set(['lesson']);
const unclaimedRoutes = new Set<RouteKind>(['lesson.page', 'lesson.jump', 'lesson.open', 'quiz.answer', 'quiz.multi', 'quiz.submit']);

function claimedFirst(interaction: Interaction, decoded: Decoded): boolean {
  if (interaction.isChatInputCommand()) return !unclaimedCommands.has(interaction.commandName);
  if (decoded?.ok) return !unclaimedRoutes.has(decoded.value.kind);
  return true;
}

/** False when another process already claimed this interaction; a locked database claims nothing and lets us answer. */
async function claim(interaction: Interaction, context: BotContext): Promise<boolean> {
  try {
    return await context.store.claimInteraction(interaction.id, context.now());
  } catch (error) {
    if (!isStoreBusy(error)) throw error;
    return true;
  }
}

/** The name a member goes by, for leaderboards: kept fresh by their own interactions. Bookkeeping: never worth a failure. */
function rememberMember(interaction: Interaction<'cached' | 'raw'>, context: BotContext): void {
  try {
    context.store.noteMember(interaction.guildId, interaction.user.id, displayNameOf(interaction), context.now());
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
  if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged) {
    // Another process answered it first: its answer is the one the member sees.
    log.info('interaction already answered elsewhere');
    return;
  }
  const busy = isStoreBusy(error);
  const content = error instanceof AppError ? describeAppError(error) : busy ? describeAppError(new AppError('store.busy')) : unexpectedFailure(interaction.id);
  if (error instanceof AppError) log.info({ code: error.code }, 'interaction refused');
  else if (busy) log.warn({ err: error }, 'database busy: told the member to try again');
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
