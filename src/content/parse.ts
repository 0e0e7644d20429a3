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
}

/** Pure: turns one file's text into a value or problems with positions. Reading files is load.ts's job. */
function parseYaml<S extends z.ZodType>(file: string, text: string, schema: S): Parsed<z.output<S>> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = locator(document, lineCounter);
  if (document.errors.length > 0) return { value: undefined, problems: [structuralProblem(file, text, document.errors, lineCounter)], locate };
  const warnings = mergedListItems(file, document, text, lineCounter);

  const raw: unknown = document.toJS();
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data, problems: warnings, locate };
  const problems = parsed.error.issues.flatMap((issue) => issueProblems(file, issue, locate, raw));
  // Unknown keys alone leave a usable value: keep it, so the cross-checks still report
  // everything else that is wrong in one run instead of one problem per fix.
  const onlyUnknownKeys = parsed.error.issues.every((issue) => issue.code === 'unrecognized_keys');
  const value = onlyUnknownKeys ? schema.safeParse(withoutUnknownKeys(raw, parsed.error.issues)).data : undefined;
  return { value, problems: [...problems, ...warnings], locate };
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

export const parseLessonSource = (file: string, text: string): Parsed<Lesson> => parseYaml(file, text, lessonSchema);

export const parseTracksSource = (file: string, text: string): Parsed<{ tracks: Track[] }> =>
  parseYaml(file, text, tracksFileSchema);

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
