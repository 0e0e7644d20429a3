import { randomBytes } from 'node:crypto';
import { MessageFlags, type ChatInputCommandInteraction, type MessageComponentInteraction } from 'discord.js';
import type { Lesson } from '../../content/schema.js';
import { AppError } from '../../errors.js';
import { describeResponse, grade, type Response } from '../../quiz/grading.js';
import { scoreLiveAnswer, scorePracticeAnswer } from '../../quiz/scoring.js';
import { seededPermutation } from '../../quiz/shuffle.js';
import type { QuizMode, QuizSession, ScoreAttempt } from '../../store/quiz-store.js';
import type { BotContext } from '../command.js';
import type { RouteOf } from '../ids.js';
import { addToDeck } from '../review-deck.js';
import { lobbyView } from './lobby-view.js';
import { displayNameOf, mayRunQuiz } from '../members.js';
import { decodePicked, orderPanelView, practiceQuestionView, type QuestionContext } from './question-view.js';
import { practiceFeedbackView, practiceSummaryView, reviewView } from './result-views.js';
import { messageUrl } from '../text.js';

type Component = MessageComponentInteraction<'cached' | 'raw'>;
type Command = ChatInputCommandInteraction<'cached' | 'raw'>;

const newSessionId = () => BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(13, '0').slice(-10);

function runningSession(context: BotContext, sessionId: string): QuizSession {
  const session = context.store.quizzes.session(sessionId);
  if (!session || session.phase === 'finished' || session.phase === 'cancelled') throw new AppError('quiz.ended');
  return session;
}

function contextFor(context: BotContext, session: QuizSession, index: number): QuestionContext {
  const found = context.live.questionContext(session, index);
  if (!found) throw new AppError('quiz.ended');
  return found;
}

export async function startPractice(interaction: Command | Component, lesson: Lesson, context: BotContext): Promise<void> {
  if (lesson.questions.length === 0) throw new AppError('quiz.no-questions');
  const at = context.now();
  const created = context.store.quizzes.createSession(
    {
      id: newSessionId(),
      guildId: interaction.guildId,
      channelId: interaction.channelId ?? '',
      lessonId: lesson.id,
      kind: 'practice',
      mode: 'solo',
      hostId: interaction.user.id,
      questionIds: lesson.questions.map((question) => question.id),
      seconds: 0,
      speedBonus: false,
      phase: 'question',
      questionIndex: 0,
      phaseStartedAt: at,
      deadline: null,
    },
    at,
  );
  if (created.status !== 'created') throw new AppError('quiz.busy');
  await interaction.reply({ ...practiceQuestionView(contextFor(context, created.session, 0)), flags: MessageFlags.Ephemeral });
}

export interface LiveOptions {
  lesson: Lesson;
  mode: Exclude<QuizMode, 'solo'>;
  questions: number | null;
  seconds: number;
  speedBonus: boolean;
}

export async function startLive(interaction: Command, options: LiveOptions, context: BotContext): Promise<void> {
  const { lesson } = options;
  if (lesson.questions.length === 0) throw new AppError('quiz.no-questions');
  const id = newSessionId();
  const count = Math.min(options.questions ?? lesson.questions.length, lesson.questions.length, 25);
  // A seeded pick of questions, asked in the lesson's order so they build on each other.
  const picked = seededPermutation(lesson.questions.length, id).slice(0, count).sort((a, b) => a - b);
  const at = context.now();
  const created = context.store.quizzes.createSession(
    {
      id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      lessonId: lesson.id,
      kind: 'live',
      mode: options.mode,
      hostId: interaction.user.id,
      questionIds: picked.map((index) => lesson.questions[index]?.id ?? ''),
      seconds: options.seconds,
      speedBonus: options.speedBonus,
      phase: 'lobby',
      questionIndex: -1,
      phaseStartedAt: at,
      deadline: new Date(at.getTime() + context.live.timing.lobbyTimeoutMs),
    },
    at,
  );
  if (created.status === 'busy') {
    const running = created.running;
    const messageId = running.questionMessageId ?? running.lobbyMessageId;
    throw new AppError('quiz.busy', { url: messageId ? messageUrl(running.guildId, running.channelId, messageId) : undefined });
  }
  const response = await interaction.reply({ ...lobbyView(created.session, lesson, []), withResponse: true });
  const messageId = response.resource?.message?.id;
  if (messageId) context.store.quizzes.setMessages(id, { lobbyMessageId: messageId });
  await context.live.lobbyOpened(created.session);
}

/** Reads what a click means as an answer: a button's choice, a menu's picks, or a submitted order. */
export function responseFrom(interaction: Component, route: RouteOf<'quiz.answer' | 'quiz.multi' | 'quiz.submit'>): Response {
  if (route.kind === 'quiz.answer') {
    return route.choice === 't' || route.choice === 'f' ? { type: 'truefalse', value: route.choice === 't' } : { type: 'single', choice: route.choice };
  }
  if (route.kind === 'quiz.multi') {
    const values = interaction.isStringSelectMenu() ? interaction.values : [];
    return { type: 'multi', choices: values.map(Number).filter(Number.isInteger) };
  }
  return { type: 'order', sequence: decodePicked(route.picked) };
}

export async function answer(interaction: Component, sessionId: string, questionIndex: number, response: Response, context: BotContext): Promise<void> {
  const session = runningSession(context, sessionId);
  if (session.kind === 'practice' && session.hostId !== interaction.user.id) throw new AppError('quiz.not-yours');
  const question = contextFor(context, session, questionIndex);
  const practice = session.kind === 'practice';
  const at = context.now();
  const score: ScoreAttempt = (current, player) => {
    const result = grade(question.question, response);
    const streakBefore = player && player.lastQuestion === questionIndex - 1 ? player.streak : 0;
    if (practice) return { ...result, points: scorePracticeAnswer(result.credit), elapsedMs: 0, streakAfter: result.correct ? streakBefore + 1 : 0 };
    const elapsedMs = Math.max(0, at.getTime() - current.phaseStartedAt.getTime());
    const scored = scoreLiveAnswer({ ...result, elapsedMs, limitMs: current.seconds * 1000, streakBefore, speedBonus: current.speedBonus });
    return { ...result, ...scored, elapsedMs };
  };
  const outcome = context.store.quizzes.recordAnswer(
    { sessionId, questionIndex, userId: interaction.user.id, displayName: displayNameOf(interaction), response, at },
    score,
  );

  if (practice) {
    if (outcome.status === 'closed') throw new AppError('quiz.ended');
    if (outcome.status === 'recorded' || outcome.status === 'duplicate') {
      await interaction.update(practiceFeedbackView(question.lesson, session, question.question, outcome.answer));
    }
    return;
  }

  const reply = async (content: string) => {
    if (response.type === 'order') await interaction.update({ content, embeds: [], components: [] });
    else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  };
  switch (outcome.status) {
    case 'recorded':
      await reply(`🔒 Locked in: ${describeResponse(question.question, response)}`);
      context.live.noteAnswer(session, outcome.answeredCount, outcome.playerCount);
      return;
    case 'duplicate':
      return reply(`You already answered (${describeResponse(question.question, outcome.answer.response)}). Your first answer is final.`);
    case 'closed':
      return reply('Time is up for that question: answers are closed.');
    case 'not-a-player':
      return reply('This is a team game and you are not in a team. Watch this one, and join the next!');
  }
}

/** The order panel: opening it (live), clicking a step, or undoing the last one. */
export async function arrange(interaction: Component, route: RouteOf<'quiz.order' | 'quiz.undo'>, context: BotContext): Promise<void> {
  const session = runningSession(context, route.sessionId);
  if (session.kind === 'practice' && session.hostId !== interaction.user.id) throw new AppError('quiz.not-yours');
  const question = contextFor(context, session, route.question);
  const picked = decodePicked(route.picked);
  if (route.kind === 'quiz.undo') picked.pop();
  const view = orderPanelView(question, picked);
  const opening = session.kind === 'live' && route.kind === 'quiz.order' && route.picked === '';
  if (opening) {
    const earlier = context.store.quizzes.answers(session.id, route.question).find((entry) => entry.userId === interaction.user.id);
    if (earlier) {
      await interaction.reply({ content: 'You already answered this one. Your first answer is final.', flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.reply({ ...view, flags: MessageFlags.Ephemeral });
  } else {
    await interaction.update(view);
  }
}

/** Practice: the next question, or the summary after the last one. */
export async function nextPracticeQuestion(interaction: Component, route: RouteOf<'quiz.next'>, context: BotContext): Promise<void> {
  const session = context.store.quizzes.session(route.sessionId);
  if (!session) throw new AppError('quiz.ended');
  if (session.hostId !== interaction.user.id) throw new AppError('quiz.not-yours');
  const lesson = context.catalogue.lesson(session.lessonId);
  if (!lesson) throw new AppError('lesson.gone');
  const from = { phase: 'question' as const, questionIndex: route.question - 1 };
  if (route.question < session.questionIds.length) {
    context.store.quizzes.advance(session.id, from, { phase: 'question', questionIndex: route.question, at: context.now(), deadline: null });
    const current = context.store.quizzes.session(session.id) as QuizSession;
    if (current.phase !== 'question') throw new AppError('quiz.ended');
    await interaction.update(practiceQuestionView(contextFor(context, current, current.questionIndex)));
    return;
  }
  const answers = context.store.quizzes.answersOf(session.id, interaction.user.id);
  const entry = {
    userId: interaction.user.id,
    points: answers.reduce((sum, answered) => sum + answered.points, 0),
    correct: answers.filter((answered) => answered.correct).length,
    questions: session.questionIds.length,
    bestStreak: Math.max(0, ...context.store.quizzes.players(session.id).map((player) => player.bestStreak)),
    won: false,
  };
  const pointsOn = context.store.guildSettings(session.guildId).practicePoints;
  // A second click on "See results" finds the run finished already; the ledger still says what it earned.
  context.store.quizzes.finish(session.id, from, pointsOn ? [entry] : [], context.now(), lesson.track);
  addToDeck(context.store.reviews, { guildId: session.guildId, userId: interaction.user.id }, lesson, answers, context.now());
  const counted = context.store.quizzes.scoreEntry(session.id, interaction.user.id);
  const since = context.store.quizzes.practiceCredited(session.guildId, interaction.user.id, lesson.id);
  const points = !pointsOn ? { off: true as const } : counted ? { earned: counted.points } : { alreadySince: since ?? context.now() };
  const questions = session.questionIds.flatMap((id) => lesson.questions.find((question) => question.id === id) ?? []);
  await interaction.update(practiceSummaryView({ lesson, questions, answers, points }));
}

export async function join(interaction: Component, route: RouteOf<'quiz.join'>, context: BotContext): Promise<void> {
  const session = runningSession(context, route.sessionId);
  const team = route.team === '-' ? null : Number(route.team);
  const outcome = context.store.quizzes.join(session.id, { userId: interaction.user.id, displayName: displayNameOf(interaction), team }, context.now());
  const lesson = context.catalogue.lesson(session.lessonId);
  if (outcome.status === 'closed') throw new AppError('quiz.ended');
  if (outcome.status === 'already') {
    const where = outcome.team === null ? '' : ` (${outcome.team === 0 ? 'Team Red' : 'Team Blue'})`;
    await interaction.reply({ content: `You are already in this quiz${where}. A member stays in one team.`, flags: MessageFlags.Ephemeral });
    return;
  }
  if (lesson) await interaction.update(lobbyView(session, lesson, outcome.players));
}

export async function control(interaction: Component | Command, sessionId: string, action: RouteOf<'quiz.control'>['action'], context: BotContext): Promise<void> {
  const session = runningSession(context, sessionId);
  if (!mayRunQuiz(interaction, session, context.store.guildSettings(session.guildId))) throw new AppError('quiz.not-host');
  const acknowledge = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral });
  switch (action) {
    case 'start':
      if (context.store.quizzes.players(session.id).length === 0) throw new AppError('quiz.nobody-joined');
      await acknowledge('Starting the quiz…');
      await context.live.start(session);
      return;
    case 'cancel':
      await acknowledge('Lobby closed.');
      await context.live.cancel(session);
      return;
    case 'skip':
      await acknowledge('Skipping ahead…');
      await context.live.skip(session);
      return;
    case 'stop':
      await acknowledge('Stopping the quiz; answers already locked in still count.');
      await context.live.stop(session);
      return;
  }
}

export async function stopInChannel(interaction: Command, context: BotContext): Promise<void> {
  const running = context.store.quizzes.runningInChannel(interaction.channelId);
  if (!running) throw new AppError('quiz.none-running');
  await control(interaction, running.id, 'stop', context);
}

export async function review(interaction: Component, route: RouteOf<'quiz.review'>, context: BotContext): Promise<void> {
  const session = context.store.quizzes.session(route.sessionId);
  const lesson = session && context.catalogue.lesson(session.lessonId);
  if (!session || !lesson) throw new AppError('quiz.ended');
  const answers = context.store.quizzes.answersOf(session.id, interaction.user.id);
  const questions = session.questionIds.flatMap((id) => lesson.questions.find((question) => question.id === id) ?? []);
  await interaction.reply({ ...reviewView(lesson, questions, answers), flags: MessageFlags.Ephemeral });
}
