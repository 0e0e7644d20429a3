/**
 * A Discord-compatible server (REST + gateway, 127.0.0.1 only) for the real discord.js Client:
 * the playground serves it to a web page, the end-to-end tests and the benchmark drive it
 * directly. See server.ts for the entry point.
 */
export { LocalDiscord } from './server.js';
export type { InteractionHandle } from './tracker.js';
export type {
  AutocompleteOptions,
  ComponentOptions,
  BuiltInteraction,
  InteractionBuilders,
  InteractionContextOptions,
  ModalSubmitOptions,
  RawOption,
  SelectOptions,
  SlashOptions,
} from './interactions.js';
export type { LocalGuild } from './world.js';
export { snowflake, snowflakeTimestamp } from './ids.js';
export type { Delivery } from './gateway.js';
export { owningShard } from './shards.js';
export type * from './types.js';
