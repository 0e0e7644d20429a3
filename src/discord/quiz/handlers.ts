import { randomBytes } from 'node:crypto';
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type MessageComponentInteraction } from 'discord.js';
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
import { describeAppError } from '../messages.js';
import { displayNameOf, mayRunQuiz } from '../members.js';
import { decodePicked, orderPanelView, practiceQuestionView, questionTitle, stepsFromPicked, type QuestionContext } from './question-view.js';
import { practiceFeedbackView, practiceSummaryView, reviewView } from './result-views.js';
import { messageUrl } from '../text.js';
import { readyTextPayload } from '../json-payloads.js';

type Component = MessageComponentInteraction<'cached' | 'raw'>;
type Command = ChatInputCommandInteraction<'cached' | 'raw'>;

const newSessionId = () => BigInt(`0x${randomBytes(8).toString('hex')}`).toString(36).padStart(13, '0').slice(-10);

async function runningSession(context: BotContext, sessionId: string): Promise<QuizSession> {
  const session = await context.store.quizzes.session(sessionId);
  if (!session || session.phase === 'finished' || session.phase === 'cancelled') throw new AppError('quiz.ended');
  return session;
}

/**
 * A click on a question whose post has not come back to us yet. The member is looking at the
 * message, so it exists: a click on the bot's own message for exactly this question is the
 * proof of the post (the nonce makes it the only one), and the question opens now. Without
 * that proof (an order panel opened from elsewhere), wait briefly for our POST to come back.
 */
async function afterPostSettles(interaction: Component, context: BotContext, session: QuizSession, index: number): Promise<QuizSession> {
  if (session.phase !== 'posting' || session.questionIndex !== index) return session;
  const message = interaction.message;
  const ours = message.author.id === interaction.client.user.id && message.channelId === session.channelId;
  if (ours && message.embeds[0]?.title === questionTitle(session, index)) {
    await context.live.dispatch(session.id, { type: 'posted', questionIndex: index, messageId: message.id });
    return await runningSession(context, session.id);
  }
  let current = session;
  for (let waited = 0; current.phase === 'posting' && current.questionIndex === index && waited < postSettleLimitMs; waited += postSettlePollMs) {
    await new Promise((resolve) => setTimeout(resolve, postSettlePollMs));
    current = await runningSession(context, session.id);
  }
  return current;
}
const postSettlePollMs = 50;
const postSettleLimitMs = 2_000;

/** The session an answer is for, read (and its question's post settled): remembered while it shows that question. */
async function readForAnswer(interaction: Component, context: BotContext, route: AnswerRoute): Promise<QuizSession> {
  const session = await afterPostSettles(interaction, context, await runningSession(context, route.sessionId), route.question);
  if (session.questionIndex === route.question) context.live.rememberShowing(session);
  return session;
}

/** Only the question on screen: a panel for a later question would show its text early. */
function openQuestion(context: BotContext, session: QuizSession, index: number): QuestionContext {
  if (session.phase !== 'question' || session.questionIndex !== index) throw new AppError('quiz.question-closed');
  return contextFor(context, session, index);
}

function contextFor(context: BotContext, session: QuizSession, index: number): QuestionContext {
  const found = context.live.questionContext(session, index);
  if (!found) throw new AppError('quiz.ended');
  return found;
}

export async function startPractice(interaction: Command | Component, lesson: Lesson, context: BotContext): Promise<void> {
  if (lesson.questions.length === 0) throw new AppError('quiz.no-questions');
  const at = context.now();
  const created = await context.store.quizzes.createSession(
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

/** What the bot needs in a channel to run a competition there: it posts and edits its own messages. */
const competitionPermissions = [
  ['ViewChannel', 'View Channel'],
  ['SendMessages', 'Send Messages'],
  ['EmbedLinks', 'Embed Links'],
  ['ReadMessageHistory', 'Read Message History'],
] as const satisfies readonly (readonly [keyof typeof PermissionFlagsBits, string])[];

function requireBotPermissions(interaction: Command): void {
  const granted = interaction.appPermissions;
  const missing = competitionPermissions.filter(([flag]) => !granted.has(PermissionFlagsBits[flag]));
  if (missing.length > 0) throw new AppError('quiz.bot-missing-permissions', { permissions: missing.map(([, name]) => name) });
}

export async function startLive(interaction: Command, options: LiveOptions, context: BotContext): Promise<void> {
  const { lesson } = options;
  if (lesson.questions.length === 0) throw new AppError('quiz.no-questions');
  requireBotPermissions(interaction);
  const id = newSessionId();
  const count = Math.min(options.questions ?? lesson.questions.length, lesson.questions.length, 25);
  // A seeded pick of questions, asked in the lesson's order so they build on each other.
  const picked = seededPermutation(lesson.questions.length, id).slice(0, count).sort((a, b) => a - b);
  const at = context.now();
  const created = await context.store.quizzes.createSession(
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
  if (messageId) await context.store.quizzes.setMessages(id, { lobbyMessageId: messageId });
  context.live.schedule(created.session);
}

type AnswerRoute = RouteOf<'quiz.answer' | 'quiz.multi' | 'quiz.submit'>;

/**
 * Reads what a click means as an answer, in terms of the question as written. Everything here
 * came from the client: a choice or a position outside the question is a forged id.
 */
function responseFrom(interaction: Component, route: AnswerRoute, question: QuestionContext): Response {
  const { question: asked } = question;
  if (route.kind === 'quiz.answer') {
    if (route.choice === 't' || route.choice === 'f') {
      if (asked.type === 'truefalse') return { type: 'truefalse', value: route.choice === 't' };
    } else if (asked.type === 'single' && route.choice < asked.choices.length) {
      return { type: 'single', choice: route.choice };
    }
    throw new AppError('component.unreadable');
  }
  if (route.kind === 'quiz.multi') {
    const values = interaction.isStringSelectMenu() ? interaction.values : [];
    const choices = values.map((value) => (/^\d{1,2}$/.test(value) ? Number(value) : -1));
    if (asked.type !== 'multi' || choices.length === 0 || choices.some((choice) => choice < 0 || choice >= asked.choices.length)) {
      throw new AppError('component.unreadable');
    }
    return { type: 'multi', choices: [...new Set(choices)] };
  }
  const picked = asked.type === 'order' ? decodePicked(route.picked, asked.steps.length) : undefined;
  if (!picked || asked.type !== 'order' || picked.length !== asked.steps.length) throw new AppError('component.unreadable');
  return { type: 'order', sequence: stepsFromPicked(question, picked) };
}

/**
 * One member's clicks on one question are handled in the order they came, so the first one clicked
 * is the one recorded, on either engine: otherwise two clicks race through their reads, and on
 * Postgres (a pool of connections) the second could reach the write first.
 */
export function answer(interaction: Component, route: AnswerRoute, context: BotContext): Promise<void> {
  return context.live.memberTurns.run(`${route.sessionId}|${route.question}|${interaction.user.id}`, () => answerInTurn(interaction, route, context));
}

async function answerInTurn(interaction: Component, route: AnswerRoute, context: BotContext): Promise<void> {
  const at = context.receivedAt ?? context.now();
  const session = context.live.openSession(route.sessionId, route.question, at.getTime()) ?? (await readForAnswer(interaction, context, route));
  if (session.kind === 'practice' && session.hostId !== interaction.user.id) throw new AppError('quiz.not-yours');
  const questionIndex = route.question;
  const question = contextFor(context, session, questionIndex);
  const response = responseFrom(interaction, route, question);
  const practice = session.kind === 'practice';
  // Fields written out, not spread: on Node 20 `{ ...a, ...b, c }` takes V8's slow path, about 2 µs a click.
  const score: ScoreAttempt = (current, player) => {
    const { credit, correct } = grade(question.question, response);
    const streakBefore = player && player.lastQuestion === questionIndex - 1 ? player.streak : 0;
    if (practice) return { credit, correct, points: scorePracticeAnswer(credit), elapsedMs: 0, streakAfter: correct ? streakBefore + 1 : 0 };
    const elapsedMs = Math.max(0, at.getTime() - current.phaseStartedAt.getTime());
    const { points, streakAfter } = scoreLiveAnswer({ credit, correct, elapsedMs, limitMs: current.seconds * 1000, streakBefore, speedBonus: current.speedBonus });
    return { credit, correct, points, streakAfter, elapsedMs };
  };
  const outcome = await context.store.quizzes.recordAnswer(
    { sessionId: session.id, questionIndex, userId: interaction.user.id, displayName: displayNameOf(interaction), response, at, interactionId: interaction.id },
    score,
  );
  if (outcome.status === 'elsewhere') return;

  if (practice) {
    if (outcome.status === 'closed') throw new AppError('quiz.ended');
    if (outcome.status === 'recorded' || outcome.status === 'duplicate') {
      await interaction.update(practiceFeedbackView(question.lesson, session, question.question, outcome.answer));
    }
    return;
  }

  const reply = async (content: string) => {
    if (response.type === 'order') await interaction.update({ content, embeds: [], components: [] });
    else await interaction.reply(readyTextPayload(interaction, content, MessageFlags.Ephemeral));
  };
  switch (outcome.status) {
    case 'recorded':
      await reply(`🔒 Locked in: ${describeResponse(question.question, response)}`);
      context.live.noteAnswer(session, outcome);
      return;
    case 'duplicate':
      return reply(`You already answered (${describeResponse(question.question, outcome.answer.response)}). Your first answer is final.`);
    case 'closed':
      context.live.forgetShowing(session.id);
      return reply(describeAppError(new AppError('quiz.question-closed')));
    case 'not-a-player':
      return reply('This is a team game and you are not in a team. Watch this one, and join the next!');
  }
}

/**
 * The order panel: opening it (live), clicking a step, or undoing the last one. Only the
 * question on screen opens, and a panel whose question has closed says so.
 */
export async function arrange(interaction: Component, route: RouteOf<'quiz.order' | 'quiz.undo'>, context: BotContext): Promise<void> {
  const session = await afterPostSettles(interaction, context, await runningSession(context, route.sessionId), route.question);
  if (session.kind === 'practice' && session.hostId !== interaction.user.id) throw new AppError('quiz.not-yours');
  const opening = session.kind === 'live' && route.kind === 'quiz.order' && route.picked === '';
  const question = openQuestion(context, session, route.question);
  if (question.question.type !== 'order') throw new AppError('component.unreadable');
  const picked = decodePicked(route.picked, question.question.steps.length);
  if (!picked) throw new AppError('component.unreadable');
  if (route.kind === 'quiz.undo') picked.pop();
  const view = orderPanelView(question, picked);
  if (opening) {
    if ((await context.store.quizzes.answersOf(session.id, interaction.user.id)).some((entry) => entry.questionIndex === route.question)) {
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
  const session = await context.store.quizzes.session(route.sessionId);
  if (!session) throw new AppError('quiz.ended');
  if (session.hostId !== interaction.user.id) throw new AppError('quiz.not-yours');
  const lesson = context.catalogue.lesson(session.lessonId);
  if (!lesson) throw new AppError('lesson.gone');
  const from = { phase: 'question' as const, questionIndex: route.question - 1 };
  if (route.question < session.questionIds.length) {
    await context.store.quizzes.advance(session.id, from, { phase: 'question', questionIndex: route.question, at: context.now(), deadline: null });
    const current = await context.store.quizzes.session(session.id) as QuizSession;
    if (current.phase !== 'question') throw new AppError('quiz.ended');
    await interaction.update(practiceQuestionView(contextFor(context, current, current.questionIndex)));
    return;
  }
  const answers = await context.store.quizzes.answersOf(session.id, interaction.user.id);
  const entry = {
    userId: interaction.user.id,
    points: answers.reduce((sum, answered) => sum + answered.points, 0),
    correct: answers.filter((answered) => answered.correct).length,
    questions: session.questionIds.length,
    bestStreak: Math.max(0, ...(await context.store.quizzes.players(session.id)).map((player) => player.bestStreak)),
    won: false,
  };
  const pointsOn = (await context.store.guildSettings(session.guildId)).practicePoints;
  // A second click on "See results" finds the run finished already; the ledger still says what it earned.
  await context.store.quizzes.finish(session.id, from, pointsOn ? [entry] : [], context.now(), lesson.track);
  await addToDeck(context.store.reviews, { guildId: session.guildId, userId: interaction.user.id }, lesson, answers, context.now());
  const counted = await context.store.quizzes.scoreEntry(session.id, interaction.user.id);
  const since = await context.store.quizzes.practiceCredited(session.guildId, interaction.user.id, lesson.id);
  const points = !pointsOn ? { off: true as const } : counted ? { earned: counted.points } : { alreadySince: since ?? context.now() };
  const questions = session.questionIds.flatMap((id) => lesson.questions.find((question) => question.id === id) ?? []);
  await interaction.update(practiceSummaryView({ lesson, questions, answers, points }));
}

export async function join(interaction: Component, route: RouteOf<'quiz.join'>, context: BotContext): Promise<void> {
  const session = await runningSession(context, route.sessionId);
  const team = route.team === '-' ? null : Number(route.team);
  const outcome = await context.store.quizzes.join(session.id, { userId: interaction.user.id, displayName: displayNameOf(interaction), team }, context.now());
  switch (outcome.status) {
    case 'closed':
      throw new AppError(session.phase === 'lobby' ? 'quiz.ended' : 'quiz.already-started', { teams: session.mode === 'teams' });
    case 'needs-team':
      throw new AppError('quiz.needs-team');
    case 'already': {
      const where = outcome.team === null ? '' : ` (${outcome.team === 0 ? 'Team Red' : 'Team Blue'})`;
      await interaction.reply({ content: `You are already in this quiz${where}. A member stays in one team.`, flags: MessageFlags.Ephemeral });
      return;
    }
    case 'joined': {
      const view = await context.live.lobbyView(outcome.session);
      if (view) await interaction.update(view);
      else await interaction.deferUpdate();
    }
  }
}

export async function control(interaction: Component | Command, sessionId: string, action: RouteOf<'quiz.control'>['action'], context: BotContext): Promise<void> {
  const session = await runningSession(context, sessionId);
  if (!mayRunQuiz(interaction, session, await context.store.guildSettings(session.guildId))) throw new AppError('quiz.not-host');
  const acknowledge = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral });
  switch (action) {
    case 'start':
      if (session.phase !== 'lobby') throw new AppError('quiz.already-started', { teams: session.mode === 'teams' });
      if (session.playerCount === 0) throw new AppError('quiz.nobody-joined');
      await acknowledge('Starting the quiz…');
      await context.live.dispatch(session.id, { type: 'start' });
      return;
    case 'cancel':
      await acknowledge('Lobby closed.');
      await context.live.dispatch(session.id, { type: 'cancel' });
      return;
    case 'skip':
      await acknowledge('Skipping ahead…');
      await context.live.dispatch(session.id, { type: 'skip' });
      return;
    case 'stop':
      await acknowledge(
        session.phase === 'lobby' ? 'Lobby closed: the quiz had not started.' : 'Stopping the quiz; answers already locked in still count.',
      );
      await context.live.dispatch(session.id, { type: 'stop' });
      return;
  }
}

export async function stopInChannel(interaction: Command, context: BotContext): Promise<void> {
  const running = await context.store.quizzes.runningInChannel(interaction.channelId);
  if (!running) throw new AppError('quiz.none-running');
  await control(interaction, running.id, 'stop', context);
}

/** A finished quiz's private review: never earlier (it shows every right answer), and only for players. */
export async function review(interaction: Component, route: RouteOf<'quiz.review'>, context: BotContext): Promise<void> {
  const session = await context.store.quizzes.session(route.sessionId);
  const lesson = session && context.catalogue.lesson(session.lessonId);
  if (!session || !lesson || session.phase === 'cancelled') throw new AppError('quiz.ended');
  if (session.phase !== 'finished') throw new AppError('quiz.not-finished');
  if (!await context.store.quizzes.player(session.id, interaction.user.id)) throw new AppError('quiz.did-not-play');
  const answers = await context.store.quizzes.answersOf(session.id, interaction.user.id);
  const asked = (await context.store.quizzes.scoreEntry(session.id, interaction.user.id))?.questions ?? session.questionIds.length;
  const questions = session.questionIds.slice(0, asked).flatMap((id) => lesson.questions.find((question) => question.id === id) ?? []);
  await interaction.reply({ ...reviewView(lesson, questions, answers), flags: MessageFlags.Ephemeral });
}
