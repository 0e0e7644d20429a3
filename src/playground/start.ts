import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { REST, Routes, type APIAttachment } from 'discord.js';
import { startBot, type RunningBot } from '../bot.js';
import { Catalogue } from '../content/catalogue.js';
import { CatalogueHolder } from '../content/catalogue-holder.js';
import { loadContent } from '../content/load.js';
import { errorsFirst, formatProblem } from '../content/problems.js';
import { contentReport } from '../content/report.js';
import type { CommandModule } from '../discord/command.js';
import type { Logger } from '../log.js';
import { ensureDatabaseFolder, prepareDatabase } from '../ops/database.js';
import { StartupError } from '../ops/startup.js';
import { SqliteStore } from '../store/sqlite.js';
import { createActions } from './actions.js';
import { LocalDiscord } from './discord/index.js';
import { LiveContent } from './live-content.js';
import { playgroundGuild, PlaygroundMembers, startingMembers } from './members.js';
import { PageHub } from './pages.js';
import { lessonIndex, lessonPreview } from './preview.js';
import { playgroundProtocolVersion, type PlaygroundSnapshot, type ServerFrame } from './protocol.js';
import { interactionWindowMs, ScreenMirror } from './screen.js';
import { playgroundSite } from './site.js';

export interface PlaygroundOptions {
  /** On 127.0.0.1; 0 picks a free port. */
  port: number;
  contentDir: string;
  databasePath: string;
  /** The page's built files. */
  pageDir: string;
  commands: readonly CommandModule[];
  log: Logger;
  /** Off in tests that reload by hand. */
  watchContent?: boolean;
}

export interface RunningPlayground {
  url: string;
  port: number;
  local: LocalDiscord;
  bot: RunningBot;
  members: PlaygroundMembers;
  /** Reloads the lessons now (the watcher does it on every save). */
  reloadContent(): Promise<void>;
  stop(): Promise<void>;
}

/** A token shaped like Discord's (three dot-separated parts), made up for this run only. */
const generatedToken = () => [randomBytes(18), randomBytes(6), randomBytes(27)].map((part) => part.toString('base64url')).join('.');

/**
 * The playground: the local Discord on one port with the page, its WebSocket and uploads beside
 * it, and the real bot (client, router, commands, store) logged in to it.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const { log } = options;
  // The database's folder first: the content cache lives beside it, and a bad path is said in one line.
  ensureDatabaseFolder(options.databasePath, 'PLAYGROUND_DATABASE_PATH');
  if (!existsSync(options.contentDir) || !statSync(options.contentDir).isDirectory()) {
    throw new StartupError(`CONTENT_DIR=${options.contentDir} is not a folder: point it at the folder holding tracks.yaml and lessons/ (content by default).`);
  }
  await prepareDatabase(options.databasePath);
  const content = await loadContent(options.contentDir, { cacheDir: path.join(path.dirname(options.databasePath), 'content-cache') });
  // The lessons that are valid serve; the broken ones are reported and fixed while the playground runs.
  const holder = new CatalogueHolder(new Catalogue(content.lessons, content.tracks));
  const initialProblems = errorsFirst(content.problems).map(formatProblem);
  if (initialProblems.length > 0) console.error(`Lessons in ${options.contentDir} have problems; the others serve, and a fix is picked up when saved:\n${contentReport(content.problems)}`);
  const store = SqliteStore.open(options.databasePath);

  const pages = new PageHub();
  const broadcast = (frame: ServerFrame) => pages.broadcast(frame);
  const uploads = new Map<string, APIAttachment>();

  let local: LocalDiscord;
  try {
    local = await LocalDiscord.start({
      token: generatedToken(),
      botName: 'Tutor',
      port: options.port,
      interactionDeadlineMs: interactionWindowMs,
      guilds: [playgroundGuild],
      site: playgroundSite({
        pageDir: options.pageDir,
        upgradeToPage: (req, socket, head) => pages.upgrade(req, socket, head),
        upload: (filename, data, contentType) => {
          const file = local.upload(filename, data, contentType);
          uploads.set(file.id, file);
          return file;
        },
      }),
    });
  } catch (error) {
    await store.close();
    const code = (error as { code?: string }).code ?? 'error';
    throw new StartupError(`PLAYGROUND_PORT=${options.port} on 127.0.0.1 cannot be used (${code}): pick a free port, or 0 for any.`);
  }

  const members = new PlaygroundMembers(local);
  for (const member of startingMembers) members.add(member.name, member.label);
  const mirror = new ScreenMirror(local, broadcast);

  let bot: RunningBot;
  try {
    // As `npm run deploy` would with DISCORD_GUILD_ID set: the commands, registered in the one server.
    const rest = new REST({ api: local.apiUrl, retries: 0 }).setToken(local.token);
    await rest.put(Routes.applicationGuildCommands(local.applicationId, local.guildId), { body: options.commands.map((command) => command.data.toJSON()) });
    bot = await startBot({
      token: local.token,
      apiUrl: local.apiUrl,
      commands: options.commands,
      catalogue: holder,
      store,
      log,
      tokenGuard: true,
      attachmentOrigins: [`http://127.0.0.1:${local.port}`],
    });
  } catch (error) {
    await local.close();
    await store.close();
    throw error;
  }

  const liveContent = new LiveContent(options.contentDir, holder, log, (state) => broadcast({ type: 'content', ...state, lessonIndex: lessonIndex(holder.current) }), initialProblems);
  if (options.watchContent ?? true) liveContent.start();

  const snapshot = (): PlaygroundSnapshot => ({
    protocol: playgroundProtocolVersion,
    guild: { id: local.guildId, name: local.guild().name },
    bot: local.botUser,
    channels: members.channels(),
    roles: local.roles(),
    members: members.list(),
    commands: local.registeredCommands(local.guildId),
    messages: mirror.onScreen(),
    contentProblems: liveContent.current.problems,
    lessonIndex: lessonIndex(holder.current),
  });

  const act = createActions({
    local,
    members,
    mirror,
    uploads,
    broadcast,
    preview: (lessonId, requestId) => {
      const preview = lessonPreview(holder.current, lessonId, new Date());
      return preview ? { type: 'preview', requestId, preview } : { type: 'error', requestId, message: `There is no lesson ${lessonId} in the lessons being served.` };
    },
  });

  pages.serve({ snapshot, act });

  return {
    url: `http://127.0.0.1:${local.port}`,
    port: local.port,
    local,
    bot,
    members,
    reloadContent: () => liveContent.reload(),
    async stop() {
      liveContent.stop();
      mirror.close();
      pages.close();
      await bot.stop();
      await local.close();
      await store.close();
    },
  };
}
