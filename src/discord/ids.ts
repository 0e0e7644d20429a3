import { z } from 'zod';
import { slug } from '../content/schema.js';
import { err, ok, type Result } from '../errors.js';

/**
 * Every component's custom_id is a versioned route, so a button keeps working after a
 * restart (all state is in the store) and an old or forged id is recognised as such.
 * Format: `v1|<area>|<fields…>`, at most 100 characters (Discord's limit).
 */
export const customIdMaxLength = 100;
const version = 'v1';
const separator = '|';

const pageNumber = z.coerce.number().int().min(0).max(99);
const sessionId = z.string().regex(/^[a-z0-9]{10}$/);
const questionIndex = z.coerce.number().int().min(0).max(24);
/** An order panel's picks so far: step indexes as base-36 digits, at most ten steps. */
const stepSequence = z.string().regex(/^[0-9a-z]{0,10}$/);
const controls = ['start', 'cancel', 'skip', 'stop'] as const;
/** A card in a review deck: r(ecall card) or q(uestion), its lesson, its id. */
const cardKey = z.string().regex(/^[rq]:[a-z0-9-]{1,40}:[a-z0-9-]{1,40}$/);
const filterValue = z.union([slug, z.literal('*')]);

const routeSchemas = {
  'lesson.page': z.object({ kind: z.literal('lesson.page'), lessonId: slug, page: pageNumber }),
  'lesson.jump': z.object({ kind: z.literal('lesson.jump'), lessonId: slug }),
  'lessons.page': z.object({
    kind: z.literal('lessons.page'),
    track: filterValue,
    level: filterValue,
    page: pageNumber,
  }),
  'lesson.open': z.object({ kind: z.literal('lesson.open'), lessonId: slug, page: pageNumber }),
  /** The /lessons menu: the chosen lesson is the select value, read as user input. */
  'lessons.open': z.object({ kind: z.literal('lessons.open') }),
  'quiz.practice': z.object({ kind: z.literal('quiz.practice'), lessonId: slug }),
  'quiz.answer': z.object({
    kind: z.literal('quiz.answer'),
    sessionId,
    question: questionIndex,
    choice: z.union([z.literal('t'), z.literal('f'), z.coerce.number().int().min(0).max(24)]),
  }),
  'quiz.multi': z.object({ kind: z.literal('quiz.multi'), sessionId, question: questionIndex }),
  'quiz.order': z.object({ kind: z.literal('quiz.order'), sessionId, question: questionIndex, picked: stepSequence }),
  'quiz.undo': z.object({ kind: z.literal('quiz.undo'), sessionId, question: questionIndex, picked: stepSequence }),
  'quiz.submit': z.object({ kind: z.literal('quiz.submit'), sessionId, question: questionIndex, picked: stepSequence }),
  'quiz.next': z.object({ kind: z.literal('quiz.next'), sessionId, question: z.coerce.number().int().min(0).max(25) }),
  'quiz.join': z.object({ kind: z.literal('quiz.join'), sessionId, team: z.union([z.literal('-'), z.literal('0'), z.literal('1')]) }),
  'quiz.control': z.object({ kind: z.literal('quiz.control'), sessionId, action: z.enum(controls) }),
  'quiz.review': z.object({ kind: z.literal('quiz.review'), sessionId }),
  'config.channels': z.object({ kind: z.literal('config.channels'), list: z.enum(['lessons', 'quizzes', 'announce', 'modlog']) }),
  'config.confirm': z.object({ kind: z.literal('config.confirm'), action: z.enum(['season', 'reset']) }),
  'config.cancel': z.object({ kind: z.literal('config.cancel') }),
  'token.paste': z.object({ kind: z.literal('token.paste') }),
  'token.modal': z.object({ kind: z.literal('token.modal') }),
  /** Names the message only: its channel is the interaction's, its author is read from Discord. */
  'token.delete': z.object({ kind: z.literal('token.delete'), messageId: z.string().regex(/^\d{17,20}$/) }),
  'review.answer': z.object({ kind: z.literal('review.answer'), cardKey }),
  'review.modal': z.object({ kind: z.literal('review.modal'), cardKey }),
  'review.show': z.object({ kind: z.literal('review.show'), cardKey }),
  'review.grade': z.object({ kind: z.literal('review.grade'), cardKey, grade: z.enum(['again', 'hard', 'good', 'easy']) }),
  'review.next': z.object({ kind: z.literal('review.next') }),
  'board.page': z.object({
    kind: z.literal('board.page'),
    period: z.enum(['all', 'season', 'month', 'week']),
    track: filterValue,
    season: z.coerce.number().int().min(0).max(9999),
    page: pageNumber,
  }),
} as const;

export type RouteKind = keyof typeof routeSchemas;
export type Route = z.infer<(typeof routeSchemas)[RouteKind]>;
export type RouteOf<K extends RouteKind> = Extract<Route, { kind: K }>;

/** The fields of each route in the order they are written after `v1|`. */
const layouts: { [K in RouteKind]: (route: RouteOf<K>) => (string | number)[] } = {
  'lesson.page': (route) => ['lesson', route.lessonId, 'p', route.page],
  'lesson.jump': (route) => ['lesson', route.lessonId, 'jump'],
  'lessons.page': (route) => ['lessons', route.track, route.level, route.page],
  'lesson.open': (route) => ['lesson', route.lessonId, 'o', route.page],
  'lessons.open': () => ['lessons', 'open'],
  'quiz.practice': (route) => ['quiz', 'practice', route.lessonId],
  'quiz.answer': (route) => ['quiz', route.sessionId, 'a', route.question, route.choice],
  'quiz.multi': (route) => ['quiz', route.sessionId, 'm', route.question],
  'quiz.order': (route) => ['quiz', route.sessionId, 'o', route.question, route.picked],
  'quiz.undo': (route) => ['quiz', route.sessionId, 'u', route.question, route.picked],
  'quiz.submit': (route) => ['quiz', route.sessionId, 's', route.question, route.picked],
  'quiz.next': (route) => ['quiz', route.sessionId, 'n', route.question],
  'quiz.join': (route) => ['quiz', route.sessionId, 'j', route.team],
  'quiz.control': (route) => ['quiz', route.sessionId, 'c', route.action],
  'quiz.review': (route) => ['quiz', route.sessionId, 'r'],
  'config.channels': (route) => ['cfg', 'ch', route.list],
  'config.confirm': (route) => ['cfg', 'ok', route.action],
  'config.cancel': () => ['cfg', 'no'],
  'board.page': (route) => ['lb', route.period, route.track, route.season, route.page],
  'review.answer': (route) => ['rev', 'a', route.cardKey],
  'review.modal': (route) => ['rev', 'm', route.cardKey],
  'review.show': (route) => ['rev', 's', route.cardKey],
  'review.grade': (route) => ['rev', 'g', route.cardKey, route.grade],
  'review.next': () => ['rev', 'n'],
  'token.paste': () => ['tok', 'paste'],
  'token.modal': () => ['tok', 'modal'],
  'token.delete': (route) => ['tok', 'del', route.messageId],
};

/** The short tag after the session id in a quiz route, and the fields that follow it. */
const quizTags: Record<string, { kind: RouteKind; fields: string[] }> = {
  a: { kind: 'quiz.answer', fields: ['question', 'choice'] },
  m: { kind: 'quiz.multi', fields: ['question'] },
  o: { kind: 'quiz.order', fields: ['question', 'picked'] },
  u: { kind: 'quiz.undo', fields: ['question', 'picked'] },
  s: { kind: 'quiz.submit', fields: ['question', 'picked'] },
  n: { kind: 'quiz.next', fields: ['question'] },
  j: { kind: 'quiz.join', fields: ['team'] },
  c: { kind: 'quiz.control', fields: ['action'] },
  r: { kind: 'quiz.review', fields: [] },
};

/** Reads fields back into a candidate route, which zod then checks. */
function candidate(fields: string[]): Record<string, unknown> | undefined {
  const [area, a, b, c] = fields;
  if (area === 'lesson' && fields.length === 4 && b === 'p') return { kind: 'lesson.page', lessonId: a, page: c };
  if (area === 'lesson' && fields.length === 3 && b === 'jump') return { kind: 'lesson.jump', lessonId: a };
  if (area === 'lessons' && fields.length === 4) return { kind: 'lessons.page', track: a, level: b, page: c };
  if (area === 'lessons' && fields.length === 2 && a === 'open') return { kind: 'lessons.open' };
  if (area === 'lesson' && fields.length === 4 && b === 'o') return { kind: 'lesson.open', lessonId: a, page: c };
  if (area === 'quiz' && fields.length === 3 && a === 'practice') return { kind: 'quiz.practice', lessonId: b };
  if (area === 'cfg' && fields.length === 3 && a === 'ch') return { kind: 'config.channels', list: b };
  if (area === 'cfg' && fields.length === 3 && a === 'ok') return { kind: 'config.confirm', action: b };
  if (area === 'cfg' && fields.length === 2 && a === 'no') return { kind: 'config.cancel' };
  if (area === 'rev') {
    const reviewKinds = { a: 'review.answer', m: 'review.modal', s: 'review.show' } as const;
    if (fields.length === 3 && a && a in reviewKinds) return { kind: reviewKinds[a as keyof typeof reviewKinds], cardKey: b };
    if (fields.length === 4 && a === 'g') return { kind: 'review.grade', cardKey: b, grade: c };
    if (fields.length === 2 && a === 'n') return { kind: 'review.next' };
  }
  if (area === 'tok' && fields.length === 2 && a === 'paste') return { kind: 'token.paste' };
  if (area === 'tok' && fields.length === 2 && a === 'modal') return { kind: 'token.modal' };
  if (area === 'tok' && fields.length === 3 && a === 'del') return { kind: 'token.delete', messageId: b };
  if (area === 'lb' && fields.length === 5) return { kind: 'board.page', period: a, track: b, season: c, page: fields[4] };
  const tag = area === 'quiz' && b !== undefined ? quizTags[b] : undefined;
  if (tag && fields.length === 3 + tag.fields.length) {
    const values = fields.slice(3);
    return { kind: tag.kind, sessionId: a, ...Object.fromEntries(tag.fields.map((name, index) => [name, values[index]])) };
  }
  return undefined;
}

export function encodeRoute(route: Route): string {
  const layout = layouts[route.kind] as (route: Route) => (string | number)[];
  const id = [version, ...layout(route)].join(separator);
  if (id.length > customIdMaxLength) throw new Error(`custom_id over ${customIdMaxLength} characters: ${id}`);
  return id;
}

export type RouteError = 'unreadable' | 'old-version';

/** Anything may arrive here, even no id at all: it is read, never trusted. */
export function decodeRoute(customId: unknown): Result<Route, RouteError> {
  if (typeof customId !== 'string' || customId.length > customIdMaxLength) return err('unreadable');
  const [prefix, ...fields] = customId.split(separator);
  if (prefix !== version) return err(/^v\d+$/.test(prefix ?? '') ? 'old-version' : 'unreadable');
  const fieldsRecord = candidate(fields);
  if (!fieldsRecord) return err('unreadable');
  const schema = routeSchemas[fieldsRecord.kind as RouteKind];
  const parsed = schema.safeParse(fieldsRecord);
  return parsed.success ? ok(parsed.data as Route) : err('unreadable');
}
