/**
 * A local fake of Discord's REST API and gateway for tests that drive the real
 * discord.js Client. See fake-discord/server.ts for the entry point.
 */
export { FakeDiscord } from './fake-discord/server.js';
export type { InteractionHandle } from './fake-discord/tracker.js';
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
} from './fake-discord/interactions.js';
export type { FakeGuild } from './fake-discord/world.js';
export { snowflake, snowflakeTimestamp } from './fake-discord/ids.js';
export type * from './fake-discord/types.js';
