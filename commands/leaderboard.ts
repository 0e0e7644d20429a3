import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { resolveTrack } from '../src/content/resolve.js';
import { periods, type Period } from '../src/leaderboard/periods.js';
import type { CommandModule } from '../src/discord/command.js';
import { leaderboardPage } from '../src/discord/leaderboard-pages.js';
import { trackChoices } from '../src/discord/lesson-reader.js';
import { displayNameOf } from '../src/discord/members.js';

export const data = new SlashCommandBuilder()
  .setName('leaderboard')
  .setDescription('This server’s top learners')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option
      .setName('period')
      .setDescription('Which points count (default: this season)')
      .addChoices(...periods.map((period) => ({ name: period === 'all' ? 'all time' : `this ${period}`, value: period }))),
  )
  .addStringOption((option) => option.setName('track').setDescription('Only this track').setAutocomplete(true))
  .addIntegerOption((option) => option.setName('season').setDescription('An earlier season’s final standings').setMinValue(1))
  .addBooleanOption((option) => option.setName('share').setDescription('Post the standings in this channel for everyone (otherwise only you see them)'));

export const autocomplete: CommandModule['autocomplete'] = async (interaction, { catalogue }) => {
  await interaction.respond(trackChoices(catalogue, interaction.options.getFocused()));
};

export const execute: CommandModule['execute'] = async (interaction, context) => {
  await context.store.flushBookkeeping();
  const trackOption = interaction.options.getString('track');
  let trackId: string | null = null;
  if (trackOption) {
    const resolved = resolveTrack(context.catalogue, trackOption);
    if (!resolved.ok) throw resolved.error;
    trackId = resolved.value.id;
  }
  const season = interaction.options.getInteger('season') ?? 0;
  const share = interaction.options.getBoolean('share') ?? false;
  // Checking who is still a member may take a moment: acknowledge first.
  await interaction.deferReply({ flags: share ? undefined : MessageFlags.Ephemeral });
  const view = await leaderboardPage(interaction, context, {
    guildId: interaction.guildId,
    callerId: interaction.user.id,
    period: season > 0 ? 'season' : ((interaction.options.getString('period') as Period | null) ?? 'season'),
    trackId,
    season,
    page: 0,
    sharedBy: share ? displayNameOf(interaction) : undefined,
  });
  await interaction.editReply(view);
};

export const components: CommandModule['components'] = {
  'board.page': async (interaction, route, context) => {
    // A shared board is everyone's: a click opens the clicker's own private copy.
    const shared = !interaction.message.flags.has(MessageFlags.Ephemeral);
    await (shared ? interaction.deferReply({ flags: MessageFlags.Ephemeral }) : interaction.deferUpdate());
    const view = await leaderboardPage(interaction, context, {
      guildId: interaction.guildId,
      callerId: interaction.user.id,
      period: route.period,
      trackId: route.track === '*' ? null : route.track,
      season: route.season,
      page: route.page,
    });
    await interaction.editReply(view);
  },
};
