import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { Catalogue } from '../content/catalogue.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import type { RouteKind, RouteOf } from './ids.js';
import type { LiveQuizRunner } from './quiz/live-runner.js';

/** What every handler gets: the content, the store, a logger for this interaction, and the clock. */
export interface BotContext {
  catalogue: Catalogue;
  store: Store;
  log: Logger;
  now: () => Date;
  /** When the interaction reached the bot: an answer finished after a busy database still counts from here. */
  receivedAt?: Date;
  live: LiveQuizRunner;
  /** What the bot owner enabled at start-up. */
  features: { tokenGuard: boolean };
  /** Where /decode may download attachments from (Discord's CDN; the fake's address in tests). */
  attachmentOrigins: readonly string[];
}

export type ComponentHandler<K extends RouteKind> = (
  interaction: MessageComponentInteraction<'cached' | 'raw'>,
  route: RouteOf<K>,
  context: BotContext,
) => Promise<unknown>;

export type ComponentHandlers = { [K in RouteKind]?: ComponentHandler<K> };

export type ModalHandler<K extends RouteKind> = (
  interaction: ModalSubmitInteraction<'cached' | 'raw'>,
  route: RouteOf<K>,
  context: BotContext,
) => Promise<unknown>;

export type ModalHandlers = { [K in RouteKind]?: ModalHandler<K> };

/**
 * The discord.js guide's contract: one file per command exporting `data` and `execute`
 * (a slash command) or `executeMessage` (a message context-menu command).
 */
export interface CommandModule {
  data: { name: string; toJSON(): RESTPostAPIApplicationCommandsJSONBody };
  execute?(interaction: ChatInputCommandInteraction<'cached' | 'raw'>, context: BotContext): Promise<unknown>;
  executeMessage?(interaction: MessageContextMenuCommandInteraction<'cached' | 'raw'>, context: BotContext): Promise<unknown>;
  autocomplete?(interaction: AutocompleteInteraction<'cached' | 'raw'>, context: BotContext): Promise<unknown>;
  /** Buttons and menus this command's messages carry, by route kind. */
  components?: ComponentHandlers;
  /** Modals this command opens, by route kind. */
  modals?: ModalHandlers;
}
