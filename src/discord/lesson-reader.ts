import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import type { Catalogue } from '../content/catalogue.js';
import { clampPage, resolveTrack } from '../content/resolve.js';
import { levels, type Lesson, type Level } from '../content/schema.js';
import { AppError } from '../errors.js';
import type { BotContext } from './command.js';
import { answerWithShared } from './json-payloads.js';
import { addToDeck } from './review-deck.js';
import { lessonPageView, type MessageView } from './views/lesson.js';

export interface Reader {
  guildId: string;
  userId: string;
}

/**
 * Shows one page and records it as seen. Seeing every page completes the lesson, whatever
 * the order: the last page alone (one jump away in the section menu) proves nothing.
 */
export async function readLessonPage(context: BotContext, reader: Reader, lesson: Lesson, requestedPage: number): Promise<MessageView> {
  const page = clampPage(lesson, requestedPage);
  const at = context.now();
  const pageCount = lesson.sections.length;
  const isLast = page === pageCount - 1;
  const progress = await context.store.recordPageView({ guildId: reader.guildId, userId: reader.userId, lessonId: lesson.id, page, pageCount, at });
  const completed = progress.completedAt !== null;
  // Again on the last page of a completed lesson: recall cards added to the lesson since then join too.
  if (progress.justCompleted || (completed && isLast)) await addToDeck(context.store.reviews, reader, lesson, [], at);
  // Most views do not depend on the reader: any page but the last, unless it just completed the
  // lesson, and the last page of a completed lesson. Those are built once and shared.
  const shareable = !progress.justCompleted && (!isLast || completed);
  const shared = shareable ? sharedView(context.catalogue, lesson, page) : undefined;
  if (shared) return { embeds: shared.embeds, components: shared.components };
  const view = lessonPageView({
    lesson,
    page,
    trackTitle: context.catalogue.track(lesson.track)?.title ?? lesson.track,
    relatedTitles: lesson.related.flatMap((id) => context.catalogue.lesson(id)?.title ?? []),
    reading: { pagesSeen: progress.pagesSeen, completed, justCompleted: progress.justCompleted },
  });
  if (!shareable) return view;
  rememberSharedView(context.catalogue, lesson, page, deepFreeze(view));
  // A fresh outer object: discord.js writes onto the options it is given.
  return { embeds: view.embeds, components: view.components };
}

/**
 * Views that depend on nothing but the lesson and the page, per catalogue (a reload brings new
 * lesson objects), indexed by page: a page's shared view is the same whoever reads it (the last
 * page's shared view is the completed one).
 */
const sharedViews = new WeakMap<Catalogue, WeakMap<Lesson, MessageView[]>>();

function sharedView(catalogue: Catalogue, lesson: Lesson, page: number): MessageView | undefined {
  return sharedViews.get(catalogue)?.get(lesson)?.[page];
}

function rememberSharedView(catalogue: Catalogue, lesson: Lesson, page: number, view: MessageView): void {
  let lessons = sharedViews.get(catalogue);
  if (!lessons) sharedViews.set(catalogue, (lessons = new WeakMap()));
  let views = lessons.get(lesson);
  if (!views) lessons.set(lesson, (views = []));
  views[page] = view;
}

/** Frozen all the way down, so a shared view cannot be changed by one reply for the next. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
}

export function lessonById(context: BotContext, lessonId: string): Lesson {
  const lesson = context.catalogue.lesson(lessonId);
  if (!lesson) throw new AppError('lesson.gone', { lessonId });
  return lesson;
}

/**
 * A private page turns in place. A shared (public) page is everyone's, so a click there
 * opens the clicker's own private copy at the page they asked for instead.
 */
export async function turnPage(interaction: MessageComponentInteraction<'cached' | 'raw'>, view: MessageView): Promise<void> {
  const isPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
  if (isPrivate) await answerWithShared(interaction, 'update', view);
  else await answerWithShared(interaction, 'reply', view, MessageFlags.Ephemeral);
}

/** Autocomplete choices: titles shown, ids sent back. */
export function lessonChoices(catalogue: Catalogue, typed: string, options: { withQuestions?: boolean } = {}) {
  return catalogue
    .search(typed, 50)
    .filter((lesson) => !options.withQuestions || lesson.questions.length > 0)
    .slice(0, 25)
    .map((lesson) => ({ name: lesson.title, value: lesson.id }));
}

/** Autocomplete choices for a track option: titles shown, ids sent back. */
export function trackChoices(catalogue: Catalogue, typed: string) {
  const wanted = typed.toLowerCase();
  return catalogue.tracks
    .filter((track) => track.title.toLowerCase().includes(wanted) || track.id.includes(wanted))
    .slice(0, 25)
    .map((track) => ({ name: track.title, value: track.id }));
}

/** Only levels some lesson has (in the chosen track, when one is chosen): no filter that lists nothing. */
export function levelChoices(catalogue: Catalogue, typedTrack: string | null, typed: string) {
  const track = typedTrack ? resolveTrack(catalogue, typedTrack) : undefined;
  const wanted = typed.trim().toLowerCase();
  return catalogue
    .levels(track?.ok ? track.value.id : undefined)
    .filter((level) => level.startsWith(wanted))
    .map((level) => ({ name: level, value: level }));
}

/** A level as typed: one of the three, or an error naming the levels lessons have. */
export function levelOf(catalogue: Catalogue, typed: string | null): Level | undefined {
  const level = typed?.trim().toLowerCase();
  if (!level) return undefined;
  if (!(levels as readonly string[]).includes(level)) throw new AppError('lessons.level-unknown', { query: typed ?? '', levels: catalogue.levels() });
  return level as Level;
}
