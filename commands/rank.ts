import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { periodRange } from '../src/leaderboard/periods.js';
import type { CommandModule } from '../src/discord/command.js';
import { memberOptionName } from '../src/discord/members.js';
import { rankView } from '../src/discord/views/rank.js';

export const data = new SlashCommandBuilder()
  .setName('rank')
  .setDescription('Points, rank, accuracy and mastery: yours or a member’s')
  .setContexts(InteractionContextType.Guild)
  .addUserOption((option) => option.setName('member').setDescription('Whose rank (default: yours)'))
  .addBooleanOption((option) => option.setName('share').setDescription('Post it in this channel for everyone (otherwise only you see it)'));

export const execute: CommandModule['execute'] = async (interaction, context) => {
  await context.store.flushBookkeeping();
  const { userId, name } = memberOptionName(interaction);
  const { leaderboard } = context.store;
  const guildId = interaction.guildId;
  const season = await leaderboard.currentSeason(guildId);
  const range = periodRange('season', context.now(), await leaderboard.seasonBoardStart(guildId));
  const right = await leaderboard.correctQuestionsByTrack(guildId, userId);
  const view = rankView({
    name,
    stats: await leaderboard.memberStats(guildId, userId),
    seasonRank: await leaderboard.rankOf({ guildId, range }, userId),
    seasonNumber: season.number,
    tracks: context.catalogue.tracks.map((track) => ({
      track,
      questions: context.catalogue.lessons({ track: track.id }).reduce((sum, lesson) => sum + lesson.questions.length, 0),
      right: right.get(track.id) ?? 0,
    })),
  });
  const share = interaction.options.getBoolean('share') ?? false;
  await interaction.reply({ ...view, flags: share ? undefined : MessageFlags.Ephemeral });
};
