import { InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { resolveLessonTopic } from '../src/content/resolve.js';
import { requireChannel } from '../src/discord/channels.js';
import type { CommandModule } from '../src/discord/command.js';
import { withCooldown } from '../src/discord/cooldowns.js';
import { lessonById, lessonChoices } from '../src/discord/lesson-reader.js';
import { quizHelpView } from '../src/discord/quiz/help-view.js';
import { answer, arrange, control, join, nextPracticeQuestion, review, startLive, startPractice, stopInChannel } from '../src/discord/quiz/handlers.js';

export const data = new SlashCommandBuilder()
  .setName('quiz')
  .setDescription('Test yourself, or run a quiz competition in this channel')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('practice')
      .setDescription('Practise a lesson’s quiz on your own (only you see it)')
      .addStringOption((option) => option.setName('topic').setDescription('Start typing to search the lessons').setRequired(true).setAutocomplete(true)),
  )
  .addSubcommand((sub) =>
    sub
      .setName('start')
      .setDescription('Open a quiz competition in this channel')
      .addStringOption((option) => option.setName('topic').setDescription('Start typing to search the lessons').setRequired(true).setAutocomplete(true))
      .addStringOption((option) =>
        option.setName('mode').setDescription('Everyone for themselves, or two teams').addChoices({ name: 'free for all', value: 'ffa' }, { name: 'teams', value: 'teams' }),
      )
      .addIntegerOption((option) => option.setName('questions').setDescription('How many questions (default: all of the lesson’s)').setMinValue(1).setMaxValue(25))
      .addIntegerOption((option) => option.setName('seconds').setDescription('Seconds per question (default 30, or the server’s setting)').setMinValue(10).setMaxValue(120)),
  )
  .addSubcommand((sub) => sub.setName('stop').setDescription('End the competition running in this channel (host or moderator)'))
  .addSubcommand((sub) => sub.setName('help').setDescription('How quizzes and scoring work'));

export const autocomplete: CommandModule['autocomplete'] = async (interaction, { catalogue }) => {
  await interaction.respond(lessonChoices(catalogue, interaction.options.getFocused(), { withQuestions: true }));
};

export const execute: CommandModule['execute'] = async (interaction, context) => {
  const subcommand = interaction.options.getSubcommand();
  if (subcommand === 'help') return interaction.reply({ ...quizHelpView(), flags: MessageFlags.Ephemeral });
  if (subcommand === 'stop') return stopInChannel(interaction, context);
  const settings = await context.store.guildSettings(interaction.guildId);
  requireChannel(interaction, settings, subcommand === 'practice' ? 'lessons' : 'quizzes');
  const resolved = resolveLessonTopic(context.catalogue, interaction.options.getString('topic', true));
  if (!resolved.ok) throw resolved.error;
  if (subcommand === 'practice') return startPractice(interaction, resolved.value, context);
  const options = {
    lesson: resolved.value,
    mode: interaction.options.getString('mode') === 'teams' ? ('teams' as const) : ('ffa' as const),
    questions: interaction.options.getInteger('questions') ?? settings.quizQuestions,
    seconds: interaction.options.getInteger('seconds') ?? settings.quizSeconds,
    speedBonus: settings.speedBonus,
  };
  return withCooldown(interaction, context, 'quiz-start', () => startLive(interaction, options, context));
};

export const components: CommandModule['components'] = {
  'quiz.practice': async (interaction, route, context) => {
    requireChannel(interaction, await context.store.guildSettings(interaction.guildId), 'lessons');
    return startPractice(interaction, lessonById(context, route.lessonId), context);
  },
  'quiz.answer': (interaction, route, context) => answer(interaction, route, context),
  'quiz.multi': (interaction, route, context) => answer(interaction, route, context),
  'quiz.submit': (interaction, route, context) => answer(interaction, route, context),
  'quiz.order': (interaction, route, context) => arrange(interaction, route, context),
  'quiz.undo': (interaction, route, context) => arrange(interaction, route, context),
  'quiz.next': (interaction, route, context) => nextPracticeQuestion(interaction, route, context),
  'quiz.join': (interaction, route, context) => join(interaction, route, context),
  'quiz.control': (interaction, route, context) => control(interaction, route.sessionId, route.action, context),
  'quiz.review': (interaction, route, context) => review(interaction, route, context),
};
