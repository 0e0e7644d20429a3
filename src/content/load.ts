import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { crossCheck, type LessonSource, type TracksSource } from './checks.js';
import { isPlainData, parseLessonSource, parseTracksSource, type SourceText } from './parse.js';
import { compareProblems, type ContentProblem } from './problems.js';
import type { Lesson, Track } from './schema.js';

export interface LoadedContent {
  lessons: Lesson[];
  tracks: Track[];
  /** Sorted by file and position; the content is usable only when none is an error. */
  problems: ContentProblem[];
}

export interface LoadOptions {
  /**
   * A folder where the YAML of valid files is kept as data, keyed by each file's text, so the next
   * load parses only files that changed. Validation and cross-checks still run on every load, and a
   * file with problems is always read again with positions, so the report is the same with or
   * without it. Best effort: a cache that cannot be read or written is ignored.
   */
  cacheDir?: string;
}

/** The one module of the content core that touches the file system. */
export async function loadContent(contentDir: string, options: LoadOptions = {}): Promise<LoadedContent> {
  const display = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith('..') ? file : relative;
  };
  const problems: ContentProblem[] = [];

  const cache = options.cacheDir === undefined ? undefined : await DataCache.open(options.cacheDir);
  const cached = <T extends { data?: unknown }>(bytes: SourceText, parse: (known?: unknown) => T): T =>
    cache ? cache.through(bytes, parse) : parse();

  const tracksFile = path.join(contentDir, 'tracks.yaml');
  let tracksSource: TracksSource | undefined;
  const tracksText = await readIfPresent(tracksFile);
  if (tracksText === undefined) {
    problems.push({ file: display(tracksFile), field: '', message: 'is missing: it names the tracks lessons belong to', severity: 'error' });
  } else {
    const parsed = cached(tracksText, (known) => parseTracksSource(display(tracksFile), tracksText, known));
    problems.push(...parsed.problems);
    if (parsed.value) tracksSource = { file: display(tracksFile), tracks: parsed.value.tracks, locate: parsed.locate };
  }

  const lessonsDir = path.join(contentDir, 'lessons');
  const lessonFiles = await yamlFilesUnder(lessonsDir);
  if (lessonFiles.length === 0) {
    problems.push({ file: display(lessonsDir), field: '', message: 'holds no lesson files (*.yaml)', severity: 'error' });
  }
  // Bytes, not text: with a cache, a file whose data is known is hashed and never decoded.
  const texts = await Promise.all(lessonFiles.map((file) => readFile(file)));
  const lessonSources: LessonSource[] = [];
  lessonFiles.forEach((file, index) => {
    const text = texts[index] ?? new Uint8Array();
    const parsed = cached(text, (known) => parseLessonSource(display(file), text, known));
    problems.push(...parsed.problems);
    if (parsed.value) lessonSources.push({ file: display(file), lesson: parsed.value, locate: parsed.locate });
  });
  problems.push(...crossCheck(lessonSources, tracksSource));
  await cache?.save();

  return {
    lessons: lessonSources.map((source) => source.lesson),
    tracks: tracksSource ? [...tracksSource.tracks] : [],
    problems: problems.sort(compareProblems),
  };
}

export const hasErrors = (content: LoadedContent) => content.problems.some((problem) => problem.severity === 'error');

/**
 * YAML already read, as data, by a hash of the file's text. One JSON file per cache folder; each
 * save keeps only the entries of the last load, so it never grows past the content it serves.
 */
class DataCache {
  private readonly used = new Map<string, unknown>();
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly known: ReadonlyMap<string, unknown>,
  ) {}

  static async open(dir: string): Promise<DataCache> {
    const file = path.join(dir, 'content-yaml-data.json');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    let entries: Record<string, unknown> = {};
    try {
      const stored = text === undefined ? undefined : (JSON.parse(text) as { format?: unknown; entries?: unknown });
      if (stored?.format === cacheFormat && stored.entries && typeof stored.entries === 'object') entries = stored.entries as Record<string, unknown>;
    } catch {
      // A torn or foreign file: start afresh.
    }
    return new DataCache(file, new Map(Object.entries(entries)));
  }

  /** Parses `text` with the data stored for it, if any, and keeps the data a valid file yields. */
  through<T extends { data?: unknown }>(text: SourceText, parse: (known: unknown) => T): T {
    const key = createHash('sha256').update(text).digest('base64url');
    const parsed = parse(this.known.get(key));
    if (parsed.data !== undefined && isPlainData(parsed.data)) {
      this.used.set(key, parsed.data);
      if (!this.known.has(key)) this.changed = true;
    }
    return parsed;
  }

  async save(): Promise<void> {
    if (!this.changed && this.used.size === this.known.size) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      // ASCII only (\u escapes), so the next load reads it as a one-byte string: half the memory.
      const json = JSON.stringify({ format: cacheFormat, entries: Object.fromEntries(this.used) });
      await writeFile(temporary, json.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
      await rename(temporary, this.file);
    } catch {
      // Best effort: without a cache the next load parses every file, nothing worse.
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }
}

/** Data from another version of the YAML reader, or read with other options, is not reused. */
const cacheFormat = `yaml ${(createRequire(import.meta.url)('yaml/package.json') as { version: string }).version}, unique keys, format 1`;

async function readIfPresent(file: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(file);
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
