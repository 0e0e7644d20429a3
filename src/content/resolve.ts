import { AppError, err, ok, type Result } from '../errors.js';
import type { Catalogue } from './catalogue.js';
import type { Lesson, Track } from './schema.js';

/** A topic as typed or picked from autocomplete, to one lesson; otherwise the closest titles. */
export function resolveLessonTopic(catalogue: Catalogue, topic: string): Result<Lesson, AppError> {
  const lesson = catalogue.resolve(topic);
  if (lesson) return ok(lesson);
  const suggestions = catalogue.search(topic, 5).map(({ id, title }) => ({ id, title }));
  return err(new AppError('lesson.unknown', { query: topic, suggestions }));
}

export function resolveTrack(catalogue: Catalogue, track: string): Result<Track, AppError> {
  const wanted = track.trim().toLowerCase();
  const found = catalogue.tracks.find((candidate) => candidate.id === wanted || candidate.title.toLowerCase() === wanted);
  if (found) return ok(found);
  return err(new AppError('track.unknown', { query: track, trackTitles: catalogue.tracks.map((candidate) => candidate.title) }));
}

/** Pages outlive edits to a lesson: a button for a page that no longer exists opens the last one. */
export const clampPage = (lesson: Lesson, page: number) => Math.min(Math.max(page, 0), lesson.sections.length - 1);
