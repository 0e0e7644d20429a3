import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { formatFieldPath, type ContentProblem, type FieldPath } from './problems.js';
import { indexHint, mergedListItems, structuralProblem } from './yaml-problems.js';
import { lessonSchema, tracksFileSchema, type Lesson, type Track } from './schema.js';

/** Finds where a field path sits in the YAML text, so a problem can name file:line:col. */
export type Locate = (path: FieldPath) => { line: number; col: number } | undefined;

export interface Parsed<T> {
  value: T | undefined;
  problems: ContentProblem[];
  locate: Locate;
  /**
   * The file's YAML as data, set only when the file is valid: what a cache keyed by the file's
   * text may keep (when `isPlainData`) and hand back as `known` next time, to skip the YAML parse.
   */
  data?: unknown;
}

/** The YAML options of both paths: the same document, with or without a line counter. */
const yamlOptions = { prettyErrors: false, uniqueKeys: true } as const;

/** A file's text, or its UTF-8 bytes, decoded only if the text is needed (BOM kept, as fs does). */
export type SourceText = string | Uint8Array;

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const textOf = (source: SourceText) => (typeof source === 'string' ? source : decoder.decode(source));

/**
 * Pure: turns one file's text into a value or problems with positions. Reading files is load.ts's job.
 *
 * Fast path first: YAML to data and the schema, with no positions kept. Positions are needed only
 * to report a problem, so a file with any problem is read again by `parseWithPositions`, the one
 * place problems are made; a valid file gets a locator that re-reads it only if a cross-check asks.
 * `known` is this text's data from an earlier run (see `data`): it skips the YAML parse.
 */
function parseYaml<S extends z.ZodType>(file: string, source: SourceText, schema: S, known?: unknown): Parsed<z.output<S>> {
  let raw = known;
  if (raw === undefined) {
    const text = textOf(source);
    const document = parseDocument(text, yamlOptions);
    if (document.errors.length > 0) return parseWithPositions(file, text, schema);
    raw = document.toJS();
  }
  const parsed = schema.safeParse(raw);
  // A list item holding " - " may be two items merged by indentation: only the slow path can tell, and warn.
  if (!parsed.success || hasDashInListItem(raw)) return parseWithPositions(file, textOf(source), schema);
  return { value: parsed.data, problems: [], locate: lazyLocator(source), data: raw };
}

/** The slow path: the document with a line counter, so every problem names file:line:col. */
function parseWithPositions<S extends z.ZodType>(file: string, text: string, schema: S): Parsed<z.output<S>> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { ...yamlOptions, lineCounter });
  const locate = locator(document, lineCounter);
  if (document.errors.length > 0) return { value: undefined, problems: [structuralProblem(file, text, document.errors, lineCounter)], locate };
  const warnings = mergedListItems(file, document, text, lineCounter);

  const raw: unknown = document.toJS();
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data, problems: warnings, locate, data: raw };
  const problems = parsed.error.issues.flatMap((issue) => issueProblems(file, issue, locate, raw));
  // Unknown keys alone leave a usable value: keep it, so the cross-checks still report
  // everything else that is wrong in one run instead of one problem per fix.
  const onlyUnknownKeys = parsed.error.issues.every((issue) => issue.code === 'unrecognized_keys');
  const value = onlyUnknownKeys ? schema.safeParse(withoutUnknownKeys(raw, parsed.error.issues)).data : undefined;
  return { value, problems: [...problems, ...warnings], locate };
}

function hasDashInListItem(value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => (typeof item === 'string' ? item.includes(' - ') : hasDashInListItem(item)));
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasDashInListItem);
  return false;
}

/** Parses the text with positions the first time a position is asked for, never before. */
function lazyLocator(source: SourceText): Locate {
  let locate: Locate | undefined;
  return (path) => {
    if (!locate) {
      const lineCounter = new LineCounter();
      locate = locator(parseDocument(textOf(source), { ...yamlOptions, lineCounter }), lineCounter);
    }
    return locate(path);
  };
}

/**
 * Data that survives JSON unchanged (strings, booleans, null, finite numbers other than -0,
 * arrays and plain objects), so a cache may store it as JSON and hand back the same value.
 */
export function isPlainData(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isPlainData);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isPlainData);
}

function withoutUnknownKeys(raw: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const copy = structuredClone(raw);
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const owner = valueAt(copy, issue.path) as Record<string, unknown>;
    for (const key of issue.keys) delete owner[key];
  }
  return copy;
}

export const parseLessonSource = (file: string, text: SourceText, known?: unknown): Parsed<Lesson> =>
  parseYaml(file, text, lessonSchema, known);

export const parseTracksSource = (file: string, text: SourceText, known?: unknown): Parsed<{ tracks: Track[] }> =>
  parseYaml(file, text, tracksFileSchema, known);

function issueProblems(file: string, issue: z.core.$ZodIssue, locate: Locate, raw: unknown): ContentProblem[] {
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      file,
      ...locate([...path, key]),
      field: formatFieldPath([...path, key]),
      message: `unknown key "${key}" (check its spelling; content/README.md lists every key)`,
      severity: 'error' as const,
    }));
  }
  const received = valueAt(raw, path);
  return [{ file, ...locate(path), field: formatFieldPath(path), message: describeIssue(issue, received !== undefined, received), severity: 'error' }];
}

const valueAt = (root: unknown, path: readonly PropertyKey[]) =>
  path.reduce<unknown>((node, part) => (node === null || typeof node !== 'object' ? undefined : (node as Record<PropertyKey, unknown>)[part]), root);

function describeIssue(issue: z.core.$ZodIssue, present: boolean, received?: unknown): string {
  if (issue.code === 'invalid_type' && !present) return 'is required';
  if (issue.code === 'invalid_type') return `should be ${article(issue.expected)}${indexHint(issue.path, received)}`;
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    return `should be one of ${issue.options.map((option) => `"${String(option)}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_value') return `should be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

const article = (expected: string) => (/^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`);

function locator(document: Document, lineCounter: LineCounter): Locate {
  return (path) => {
    // A missing field has no node: point at the nearest enclosing one that exists.
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const offset = offsetOf(document.contents, path.slice(0, depth));
      if (offset !== undefined) return lineCounter.linePos(offset);
    }
    return undefined;
  };
}

/** The offset of a path's key when it is a map entry (where an author looks), else of its value. */
function offsetOf(root: unknown, path: FieldPath): number | undefined {
  let node: unknown = root;
  let keyOffset: number | undefined;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === part);
      if (!pair) return undefined;
      keyOffset = (pair.key as Node).range?.[0];
      node = pair.value;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray(node.items) && typeof part === 'number') {
      node = node.items[part];
      keyOffset = undefined;
      if (node === undefined) return undefined;
    } else {
      return undefined;
    }
  }
  return keyOffset ?? (node as Node | null)?.range?.[0];
}
