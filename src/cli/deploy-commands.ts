import { ApplicationCommandType, REST, Routes, type APIApplication, type APIApplicationCommand } from 'discord.js';
import { commands } from '../../commands/index.js';
import { describeStartupFailure } from '../discord/startup-errors.js';
import { configFromEnvironment } from '../environment.js';

/**
 * `npm run deploy`: replaces the whole command set in one call (bulk overwrite), in one
 * server when DISCORD_GUILD_ID is set (instant, for development) or globally otherwise.
 */
const config = configFromEnvironment();
const rest = new REST({ api: config.apiUrl }).setToken(config.discordToken);

try {
  const applicationId = config.applicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const route = config.guildId
    ? Routes.applicationGuildCommands(applicationId, config.guildId)
    : Routes.applicationCommands(applicationId);
  const body = commands.map((command) => command.data.toJSON());
  const registered = (await rest.put(route, { body })) as APIApplicationCommand[];
  const where = config.guildId ? `in server ${config.guildId} (available at once)` : 'globally, for every server';
  console.log(`Registered ${registered.length} commands ${where}: ${registered.map((command) => (command.type === ApplicationCommandType.ChatInput ? `/${command.name}` : `“${command.name}” (message menu)`)).join(', ')}`);
} catch (error) {
  console.error(describeStartupFailure(error, config.apiUrl));
  process.exit(1);
}
