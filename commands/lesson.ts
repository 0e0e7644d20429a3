import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { resolveLessonTopic } from '../src/content/resolve.js';
import { requireChannel } from '../src/discord/channels.js';
import type { CommandModule } from '../src/discord/command.js';
import { answerWithShared } from '../src/discord/json-payloads.js';
import { lessonById, lessonChoices, readLessonPage, turnPage } from '../src/discord/lesson-reader.js';

export const data = new SlashCommandBuilder()
  .setName('lesson')
  .setDescription('Read a lesson, one page at a time')
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) =>
    option.setName('topic').setDescription('Start typing to search the lessons').setRequired(true).setAutocomplete(true).setMaxLength(100),
  )
  .addBooleanOption((option) =>
    option.setName('share').setDescription('Post the first page in this channel for everyone (otherwise only you see it)'),
  );

export const autocomplete: CommandModule['autocomplete'] = async (interaction, { catalogue }) => {
  await interaction.respond(lessonChoices(catalogue, interaction.options.getFocused()));
};

export const execute: CommandModule['execute'] = async (interaction, context) => {
  requireChannel(interaction, await context.store.guildSettings(interaction.guildId), 'lessons');
  const resolved = resolveLessonTopic(context.catalogue, interaction.options.getString('topic', true));
  if (!resolved.ok) throw resolved.error;
  const share = interaction.options.getBoolean('share') ?? false;
  const view = await readLessonPage(context, { guildId: interaction.guildId, userId: interaction.user.id }, resolved.value, 0);
  await answerWithShared(interaction, 'reply', view, share ? undefined : MessageFlags.Ephemeral);
};

export const components: CommandModule['components'] = {
  'lesson.page': async (interaction, route, context) => {
    const lesson = lessonById(context, route.lessonId);
    const reader = { guildId: interaction.guildId, userId: interaction.user.id };
    await turnPage(interaction, await readLessonPage(context, reader, lesson, route.page));
  },
  'lesson.jump': async (interaction, route, context) => {
    const lesson = lessonById(context, route.lessonId);
    const page = interaction.isStringSelectMenu() ? Number(interaction.values[0] ?? 0) : 0;
    const reader = { guildId: interaction.guildId, userId: interaction.user.id };
    await turnPage(interaction, await readLessonPage(context, reader, lesson, Number.isInteger(page) ? page : 0));
  },
  'lesson.open': async (interaction, route, context) => {
    const lesson = lessonById(context, route.lessonId);
    const view = await readLessonPage(context, { guildId: interaction.guildId, userId: interaction.user.id }, lesson, route.page);
    await answerWithShared(interaction, 'reply', view, MessageFlags.Ephemeral);
  },
};
