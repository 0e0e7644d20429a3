import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { crossCheck, type LessonSource, type TracksSource } from './checks.js';
import { parseLessonSource, parseTracksSource } from './parse.js';
import { compareProblems, type ContentProblem } from './problems.js';
import type { Lesson, Track } from './schema.js';

export interface LoadedContent {
  lessons: Lesson[];
  tracks: Track[];
  /** Sorted by file and position; the content is usable only when none is an error. */
  problems: ContentProblem[];
}

/** The one module of the content core that touches the file system. */
export async function loadContent(contentDir: string): Promise<LoadedContent> {
  const display = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith('..') ? file : relative;
  };
  const problems: ContentProblem[] = [];

  const tracksFile = path.join(contentDir, 'tracks.yaml');
  let tracksSource: TracksSource | undefined;
  const tracksText = await readIfPresent(tracksFile);
  if (tracksText === undefined) {
    problems.push({ file: display(tracksFile), field: '', message: 'is missing: it names the tracks lessons belong to', severity: 'error' });
  } else {
    const parsed = parseTracksSource(display(tracksFile), tracksText);
    problems.push(...parsed.problems);
    if (parsed.value) tracksSource = { file: display(tracksFile), tracks: parsed.value.tracks, locate: parsed.locate };
  }

  const lessonsDir = path.join(contentDir, 'lessons');
  const lessonFiles = await yamlFilesUnder(lessonsDir);
  if (lessonFiles.length === 0) {
    problems.push({ file: display(lessonsDir), field: '', message: 'holds no lesson files (*.yaml)', severity: 'error' });
  }
  const lessonSources: LessonSource[] = [];
  for (const file of lessonFiles) {
    const parsed = parseLessonSource(display(file), await readFile(file, 'utf8'));
    problems.push(...parsed.problems);
    if (parsed.value) lessonSources.push({ file: display(file), lesson: parsed.value, locate: parsed.locate });
  }
  problems.push(...crossCheck(lessonSources, tracksSource));

  return {
    lessons: lessonSources.map((source) => source.lesson),
    tracks: tracksSource ? [...tracksSource.tracks] : [],
    problems: problems.sort(compareProblems),
  };
}

export const hasErrors = (content: LoadedContent) => content.problems.some((problem) => problem.severity === 'error');

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
