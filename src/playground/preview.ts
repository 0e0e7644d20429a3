import type { Catalogue } from '../content/catalogue.js';
import { recallKey } from '../discord/review-deck.js';
import { practiceQuestionView } from '../discord/quiz/question-view.js';
import { lessonPageView, type MessageView } from '../discord/views/lesson.js';
import { reviewCardView } from '../discord/views/review.js';
import type { QuizSession } from '../store/quiz-store.js';
import type { LessonPreview, LessonSummary, PreviewMessage } from './protocol.js';

const asMessage = (view: MessageView): PreviewMessage => ({ content: '', embeds: view.embeds, components: view.components });

/** A session that exists only to lay questions out: its id is never stored, so its buttons lead nowhere. */
const previewSession = (lessonId: string, questionIds: string[], at: Date): QuizSession => ({
  id: 'preview000',
  guildId: '0',
  channelId: '0',
  lessonId,
  kind: 'practice',
  mode: 'ffa',
  hostId: '0',
  questionIds,
  seconds: 30,
  speedBonus: false,
  phase: 'question',
  questionIndex: 0,
  phaseStartedAt: at,
  deadline: null,
  lobbyMessageId: null,
  questionMessageId: null,
  createdAt: at,
  endedAt: null,
  postAttempts: 0,
  playerCount: 1,
  teamCounts: [0, 0],
});

/** Every page, question and recall card of a lesson, laid out by the bot's own views; undefined for an unknown lesson. */
export function lessonPreview(catalogue: Catalogue, lessonId: string, now: Date): LessonPreview | undefined {
  const lesson = catalogue.lesson(lessonId);
  if (!lesson) return undefined;
  const everyPage = lesson.sections.map((_, seen) => seen);
  const pages = lesson.sections.map((_, page) =>
    asMessage(
      lessonPageView({
        lesson,
        page,
        trackTitle: catalogue.track(lesson.track)?.title ?? lesson.track,
        relatedTitles: lesson.related.flatMap((id) => catalogue.lesson(id)?.title ?? []),
        reading: { pagesSeen: everyPage, completed: true, justCompleted: false },
      }),
    ),
  );
  const session = previewSession(lesson.id, lesson.questions.map((question) => question.id), now);
  const questions = lesson.questions.map((question, index) => asMessage(practiceQuestionView({ session, lesson, question, index })));
  const deck = { cards: lesson.recall.length, dueNow: lesson.recall.length, nextDue: null };
  const recallCards = lesson.recall.map((card) => asMessage(reviewCardView(lesson, recallKey(lesson.id, card.id), { kind: 'recall', card }, deck)));
  return { lessonId: lesson.id, title: lesson.title, pages, questions, recallCards };
}

export function lessonIndex(catalogue: Catalogue): LessonSummary[] {
  return catalogue.lessons().map((lesson) => ({ id: lesson.id, title: lesson.title, track: lesson.track, level: lesson.level }));
}
