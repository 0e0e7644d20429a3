import { ApplicationCommandType, REST, Routes, type APIApplication, type APIApplicationCommand } from 'discord.js';
import { commands } from '../../commands/index.js';
import { describeStartupFailure } from '../discord/startup-errors.js';
import { configFromEnvironment } from '../environment.js';
import { basePermissions, deletingPermissions, inviteUrl } from '../ops/invite.js';
import { discordAnswerDeadlineMs, withDeadline } from '../ops/startup.js';

/**
 * `npm run deploy`: replaces the whole command set in one call (bulk overwrite), in one
 * server when DISCORD_GUILD_ID is set (instant, for development) or globally otherwise,
 * then prints the links that invite the bot. Each call to Discord has a deadline, so an API
 * that never answers is reported in one line instead of after a minute of retries.
 */
const config = configFromEnvironment('deploy');
const rest = new REST({ api: config.apiUrl, retries: 0 }).setToken(config.discordToken);
const call = <T>(request: Promise<unknown>) => withDeadline(request, discordAnswerDeadlineMs, 'Discord REST') as Promise<T>;

try {
  const applicationId = config.applicationId ?? (await call<APIApplication>(rest.get(Routes.currentApplication()))).id;
  const route = config.guildId
    ? Routes.applicationGuildCommands(applicationId, config.guildId)
    : Routes.applicationCommands(applicationId);
  const body = commands.map((command) => command.data.toJSON());
  const registered = await call<APIApplicationCommand[]>(rest.put(route, { body }));
  const where = config.guildId ? `in server ${config.guildId} (available at once)` : 'globally, for every server';
  console.log(`Registered ${registered.length} commands ${where}: ${registered.map((command) => (command.type === ApplicationCommandType.ChatInput ? `/${command.name}` : `“${command.name}” (message menu)`)).join(', ')}`);
  console.log(`Invite the bot to a server: ${inviteUrl(applicationId, basePermissions)}`);
  console.log(`To let it delete leaked tokens (token guard delete mode, "Delete that message"), invite it with Manage Messages instead: ${inviteUrl(applicationId, deletingPermissions)}`);
  process.exit(0);
} catch (error) {
  console.error(describeStartupFailure(error, config.apiUrl, 'deploy'));
  process.exit(1);
}
