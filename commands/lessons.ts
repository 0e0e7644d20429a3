import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { resolveTrack } from '../src/content/resolve.js';
import type { Level } from '../src/content/schema.js';
import { requireChannel } from '../src/discord/channels.js';
import type { BotContext, CommandModule } from '../src/discord/command.js';
import { lessonById, levelChoices, levelOf, readLessonPage, trackChoices } from '../src/discord/lesson-reader.js';
import { lessonsListView } from '../src/discord/views/lessons.js';

export const data = new SlashCommandBuilder()
  .setName('lessons')
  .setDescription('Browse the lessons and see which ones you have completed')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) => option.setName('track').setDescription('Only this track').setAutocomplete(true))
  .addStringOption((option) =>
    option
      .setName('level')
      .setDescription('Only this level')
      .setAutocomplete(true),
  );

export const autocomplete: CommandModule['autocomplete'] = async (interaction, { catalogue }) => {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'level') return interaction.respond(trackChoices(catalogue, focused.value));
  await interaction.respond(levelChoices(catalogue, interaction.options.getString('track'), focused.value));
};

interface ListRequest {
  guildId: string;
  userId: string;
  track: string | undefined;
  level: Level | undefined;
  page: number;
}

async function listView(context: BotContext, request: ListRequest) {
  let track: string | undefined;
  if (request.track) {
    const resolved = resolveTrack(context.catalogue, request.track);
    if (!resolved.ok) throw resolved.error;
    track = resolved.value.id;
  }
  const filter = { track, level: request.level };
  return lessonsListView({
    lessons: context.catalogue.lessons(filter),
    tracks: context.catalogue.tracks,
    progress: await context.store.lessonProgress(request.guildId, request.userId),
    filter,
    page: request.page,
  });
}

export const execute: CommandModule['execute'] = async (interaction, context) => {
  requireChannel(interaction, await context.store.guildSettings(interaction.guildId), 'lessons');
  const view = await listView(context, {
    guildId: interaction.guildId,
    userId: interaction.user.id,
    track: interaction.options.getString('track') ?? undefined,
    level: levelOf(context.catalogue, interaction.options.getString('level')),
    page: 0,
  });
  await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
};

export const components: CommandModule['components'] = {
  'lessons.page': async (interaction, route, context) => {
    const view = await listView(context, {
      guildId: interaction.guildId,
      userId: interaction.user.id,
      track: route.track === '*' ? undefined : route.track,
      level: route.level === '*' ? undefined : (route.level as Level),
      page: route.page,
    });
    await interaction.update(view);
  },
  'lessons.open': async (interaction, _route, context) => {
    const lessonId = interaction.isStringSelectMenu() ? (interaction.values[0] ?? '') : '';
    const lesson = lessonById(context, lessonId);
    const view = await readLessonPage(context, { guildId: interaction.guildId, userId: interaction.user.id }, lesson, 0);
    await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
  },
};
