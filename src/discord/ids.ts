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
  'quiz.practice': z.object({ kind: z.literal('quiz.practice'), lessonId: slug }),
} as const;

export type RouteKind = keyof typeof routeSchemas;
export type Route = z.infer<(typeof routeSchemas)[RouteKind]>;
export type RouteOf<K extends RouteKind> = Extract<Route, { kind: K }>;

/** The fields of each route in the order they are written after `v1|`. */
const layouts: { [K in RouteKind]: (route: RouteOf<K>) => (string | number)[] } = {
  'lesson.page': (route) => ['lesson', route.lessonId, 'p', route.page],
  'lesson.jump': (route) => ['lesson', route.lessonId, 'jump'],
  'lessons.page': (route) => ['lessons', route.track, route.level, route.page],
  'quiz.practice': (route) => ['quiz', 'practice', route.lessonId],
};

/** Reads fields back into a candidate route, which zod then checks. */
function candidate(fields: string[]): Record<string, unknown> | undefined {
  const [area, a, b, c] = fields;
  if (area === 'lesson' && fields.length === 4 && b === 'p') return { kind: 'lesson.page', lessonId: a, page: c };
  if (area === 'lesson' && fields.length === 3 && b === 'jump') return { kind: 'lesson.jump', lessonId: a };
  if (area === 'lessons' && fields.length === 4) return { kind: 'lessons.page', track: a, level: b, page: c };
  if (area === 'quiz' && fields.length === 3 && a === 'practice') return { kind: 'quiz.practice', lessonId: b };
  return undefined;
}

export function encodeRoute(route: Route): string {
  const layout = layouts[route.kind] as (route: Route) => (string | number)[];
  const id = [version, ...layout(route)].join(separator);
  if (id.length > customIdMaxLength) throw new Error(`custom_id over ${customIdMaxLength} characters: ${id}`);
  return id;
}

export type RouteError = 'unreadable' | 'old-version';

export function decodeRoute(customId: string): Result<Route, RouteError> {
  const [prefix, ...fields] = customId.split(separator);
  if (prefix !== version) return err(/^v\d+$/.test(prefix ?? '') ? 'old-version' : 'unreadable');
  const fieldsRecord = candidate(fields);
  if (!fieldsRecord) return err('unreadable');
  const schema = routeSchemas[fieldsRecord.kind as RouteKind];
  const parsed = schema.safeParse(fieldsRecord);
  return parsed.success ? ok(parsed.data as Route) : err('unreadable');
}
