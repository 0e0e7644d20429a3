import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type BaseInteraction } from 'discord.js';
import type { BotContext, CommandModule } from '../src/discord/command.js';
import { isModerator } from '../src/discord/members.js';
import { channelsView, configView, confirmView } from '../src/discord/views/config.js';
import { AppError } from '../src/errors.js';
import type { GuildSettings } from '../src/store/store.js';

export const data = new SlashCommandBuilder()
  .setName('config')
  .setDescription('Moderators: where the bot works, quiz defaults, roles and seasons')
  .setContexts(InteractionContextType.Guild)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) => sub.setName('view').setDescription('Every setting, and the last 10 changes'))
  .addSubcommand((sub) => sub.setName('channels').setDescription('Which channels accept lessons and competitions, and where results are announced'))
  .addSubcommand((sub) =>
    sub
      .setName('quiz')
      .setDescription('Defaults for quiz competitions and practice')
      .addIntegerOption((option) => option.setName('questions').setDescription('Questions per competition (0 = all of the lesson’s)').setMinValue(0).setMaxValue(25))
      .addIntegerOption((option) => option.setName('seconds').setDescription('Seconds per question').setMinValue(10).setMaxValue(120))
      .addBooleanOption((option) => option.setName('speed-bonus').setDescription('Faster right answers earn up to 500 more'))
      .addBooleanOption((option) => option.setName('practice-points').setDescription('A first practice run of a lesson earns leaderboard points')),
  )
  .addSubcommand((sub) =>
    sub
      .setName('cooldowns')
      .setDescription('How long each member waits between uses of a command (0 = no wait)')
      .addIntegerOption((option) => option.setName('decode').setDescription('Seconds between two /decode (default 10)').setMinValue(0).setMaxValue(3600))
      .addIntegerOption((option) => option.setName('quiz-start').setDescription('Seconds between two /quiz start (default 60)').setMinValue(0).setMaxValue(3600)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('host-role')
      .setDescription('A role whose members may start, skip and stop competitions (leave empty to clear)')
      .addRoleOption((option) => option.setName('role').setDescription('The quiz-host role')),
  )
  .addSubcommand((sub) =>
    sub
      .setName('token-guard')
      .setDescription('What to do when a member posts a live credential')
      .addStringOption((option) =>
        option
          .setName('mode')
          .setDescription('off, warn the author, or delete the message')
          .setRequired(true)
          .addChoices({ name: 'off', value: 'off' }, { name: 'warn', value: 'warn' }, { name: 'delete', value: 'delete' }),
      ),
  )
  .addSubcommandGroup((group) => group.setName('season').setDescription('Leaderboard seasons').addSubcommand((sub) => sub.setName('new').setDescription('Archive this season and start the next')))
  .addSubcommandGroup((group) => group.setName('leaderboard').setDescription('The server leaderboard').addSubcommand((sub) => sub.setName('reset').setDescription('Clear this season’s points')));

/** Discord hides /config from non-moderators by default, but a server can change that: check again. */
function requireModerator(interaction: BaseInteraction<'cached' | 'raw'>) {
  if (!isModerator(interaction)) throw new AppError('config.not-moderator');
}

async function change(context: BotContext, guildId: string, userId: string, update: Partial<GuildSettings>) {
  const next = await context.store.updateGuildSettings(guildId, update, context.now(), userId);
  context.log.info({ change: Object.keys(update) }, 'settings changed');
  return next;
}

const viewOf = async (context: BotContext, guildId: string) =>
  configView(await context.store.guildSettings(guildId), await context.store.leaderboard.recentAudit(guildId, 10), await context.store.leaderboard.currentSeason(guildId));

export const execute: CommandModule['execute'] = async (interaction, context) => {
  requireModerator(interaction);
  const { guildId } = interaction;
  const userId = interaction.user.id;
  const group = interaction.options.getSubcommandGroup();
  const subcommand = interaction.options.getSubcommand();
  const reply = (view: Awaited<ReturnType<typeof viewOf>>) => interaction.reply({ ...view, flags: MessageFlags.Ephemeral });

  if (group === 'season') return reply(confirmView('season'));
  if (group === 'leaderboard') return reply(confirmView('reset'));
  switch (subcommand) {
    case 'channels':
      return reply(channelsView(await context.store.guildSettings(guildId)));
    case 'quiz': {
      const questions = interaction.options.getInteger('questions');
      const update: Partial<GuildSettings> = {};
      if (questions !== null) update.quizQuestions = questions === 0 ? null : questions;
      const seconds = interaction.options.getInteger('seconds');
      if (seconds !== null) update.quizSeconds = seconds;
      const speedBonus = interaction.options.getBoolean('speed-bonus');
      if (speedBonus !== null) update.speedBonus = speedBonus;
      const practicePoints = interaction.options.getBoolean('practice-points');
      if (practicePoints !== null) update.practicePoints = practicePoints;
      await change(context, guildId, userId, update);
      break;
    }
    case 'cooldowns': {
      const decode = interaction.options.getInteger('decode');
      const quizStart = interaction.options.getInteger('quiz-start');
      await change(context, guildId, userId, { ...(decode !== null && { decodeCooldownSeconds: decode }), ...(quizStart !== null && { quizStartCooldownSeconds: quizStart }) });
      break;
    }
    case 'host-role':
      await change(context, guildId, userId, { quizHostRoleId: interaction.options.getRole('role')?.id ?? null });
      break;
    case 'token-guard': {
      const mode = interaction.options.getString('mode', true) as GuildSettings['tokenGuard'];
      await change(context, guildId, userId, { tokenGuard: mode });
      if (mode !== 'off' && !context.features.tokenGuard) {
        const note = 'Saved. The guard needs to read messages, which this bot was not started with: its owner sets `TOKEN_GUARD_INTENT=true` and enables the Message Content intent in the Developer Portal.';
        return interaction.reply({ ...(await viewOf(context, guildId)), content: note, flags: MessageFlags.Ephemeral });
      }
      break;
    }
  }
  return reply(await viewOf(context, guildId));
};

export const components: CommandModule['components'] = {
  'config.channels': async (interaction, route, context) => {
    requireModerator(interaction);
    const picked = interaction.isChannelSelectMenu() ? interaction.values : [];
    const update: Partial<GuildSettings> =
      route.list === 'lessons'
        ? { lessonChannelIds: picked }
        : route.list === 'quizzes'
          ? { quizChannelIds: picked }
          : route.list === 'announce'
            ? { announcementsChannelId: picked[0] ?? null }
            : { modLogChannelId: picked[0] ?? null };
    await interaction.update(channelsView(await change(context, interaction.guildId, interaction.user.id, update)));
  },
  'config.confirm': async (interaction, route, context) => {
    requireModerator(interaction);
    const { guildId } = interaction;
    const at = context.now();
    if (route.action === 'season') {
      const season = await context.store.leaderboard.startSeason(guildId, interaction.user.id, at);
      await context.store.leaderboard.audit(guildId, interaction.user.id, 'season', String(season.number - 1), String(season.number), at);
      context.log.info({ season: season.number }, 'season started');
    } else {
      await context.store.leaderboard.resetSeason(guildId, interaction.user.id, at);
      await context.store.leaderboard.audit(guildId, interaction.user.id, 'leaderboard reset', null, null, at);
      context.log.info('season leaderboard reset');
    }
    await interaction.update(await viewOf(context, guildId));
  },
  'config.cancel': async (interaction) => {
    requireModerator(interaction);
    await interaction.update({ content: 'Nothing was changed.', embeds: [], components: [] });
  },
};
