import { AttachmentBuilder, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { BotContext, CommandModule } from '../src/discord/command.js';
import { isModerator, memberOptionName } from '../src/discord/members.js';
import { progressPicture, progressPictureDescription } from '../src/discord/progress-picture.js';
import { progressView, serverProgressView } from '../src/discord/views/progress.js';
import { AppError } from '../src/errors.js';
import { mastery } from '../src/leaderboard/periods.js';
import { currentStreak, utcDay } from '../src/review/streak.js';

export const data = new SlashCommandBuilder()
  .setName('progress')
  .setDescription('How learning is going: yours, a member’s, or the whole server’s')
  .setContexts(InteractionContextType.Guild)
  .addSubcommand((sub) =>
    sub
      .setName('member')
      .setDescription('Lessons, accuracy, review deck, streak and mastery (default: yours)')
      .addUserOption((option) => option.setName('member').setDescription('Whose progress')),
  )
  .addSubcommand((sub) => sub.setName('server').setDescription('Moderators: what the server learns, and which questions trip people up'));

async function memberProgress(context: BotContext, guildId: string, userId: string, name: string) {
  const now = context.now();
  const progress = await context.store.lessonProgress(guildId, userId);
  const done = new Set(progress.filter((entry) => entry.completedAt).map((entry) => entry.lessonId));
  const right = await context.store.leaderboard.correctQuestionsByTrack(guildId, userId);
  const endOfDay = new Date(`${utcDay(now)}T23:59:59.999Z`);
  const deck = await context.store.reviews.summary(guildId, userId, endOfDay);
  return {
    name,
    tracks: context.catalogue.tracks.map((track) => {
      const lessons = context.catalogue.lessons({ track: track.id });
      const questions = lessons.reduce((sum, lesson) => sum + lesson.questions.length, 0);
      return { title: track.title, completed: lessons.filter((lesson) => done.has(lesson.id)).length, lessons: lessons.length, mastery: mastery(right.get(track.id) ?? 0, questions) };
    }),
    accuracy: await context.store.leaderboard.quizAccuracy(guildId, userId),
    deck: { cards: deck.cards, dueToday: deck.dueNow },
    streakDays: currentStreak(await context.store.reviews.activeDays(guildId, userId), now),
  };
}

export const execute: CommandModule['execute'] = async (interaction, context) => {
  const guildId = interaction.guildId;
  // These views sum activity that may still wait in the bookkeeping batch.
  await context.store.flushBookkeeping();
  if (interaction.options.getSubcommand() === 'server') {
    if (!isModerator(interaction)) throw new AppError('config.not-moderator');
    const since = utcDay(new Date(context.now().getTime() - 30 * 86_400_000));
    const stats = await context.store.leaderboard.serverProgress(guildId, since);
    const title = (lessonId: string) => context.catalogue.lesson(lessonId)?.title ?? lessonId;
    const counts = new Map(stats.completions.map((entry) => [entry.lessonId, entry.members]));
    const ranked = context.catalogue.lessons().map((lesson) => ({ title: lesson.title, members: counts.get(lesson.id) ?? 0 })).sort((a, b) => b.members - a.members);
    const most = ranked.filter((entry) => entry.members > 0).slice(0, 5);
    // Least completed among lessons someone started: a lesson nobody opened says nothing about the lesson.
    const least = (await context.store.lessonsStarted(guildId))
      .flatMap((entry) => (context.catalogue.lesson(entry.lessonId) ? [{ title: title(entry.lessonId), members: entry.completed, started: entry.started }] : []))
      .filter((entry) => !most.some((top) => top.title === entry.title))
      .sort((a, b) => a.members / a.started - b.members / b.started || b.started - a.started)
      .slice(0, 5);
    const view = serverProgressView({
      learners: stats.learners,
      most,
      least,
      missed: stats.missed.map((entry) => {
        const lesson = context.catalogue.lesson(entry.lessonId);
        const prompt = lesson?.questions.find((question) => question.id === entry.questionId)?.prompt ?? entry.questionId;
        return { title: title(entry.lessonId), prompt, wrong: entry.wrong, answered: entry.answered };
      }),
    });
    return interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
  }
  const { userId, name } = memberOptionName(interaction);
  const progress = await memberProgress(context, guildId, userId, name);
  const bars = progress.tracks.map((track) => ({ title: track.title, completed: track.lessons === 0 ? 0 : track.completed / track.lessons, mastery: track.mastery }));
  const picture = new AttachmentBuilder(await progressPicture(name, bars), { name: 'progress.png', description: progressPictureDescription(name, bars) });
  await interaction.reply({ ...progressView(progress, 'progress.png'), files: [picture], flags: MessageFlags.Ephemeral });
};
