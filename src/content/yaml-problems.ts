import { isPair, isScalar, isSeq, visit, type Document, type LineCounter, type YAMLError } from 'yaml';
import { formatFieldPath, type ContentProblem } from './problems.js';

/**
 * How YAML mistakes are put to an author. The parser reports one slip as a cascade of
 * follow-on errors ("Nested mappings are not allowed in compact mappings" and six more); an
 * author needs the first one, on its line, with what to do about it.
 */
export function structuralProblem(file: string, text: string, errors: readonly YAMLError[], lineCounter: LineCounter): ContentProblem {
  const first = [...errors].sort((a, b) => a.pos[0] - b.pos[0])[0] as YAMLError;
  const { line, col } = lineCounter.linePos(first.pos[0]);
  const lines = text.split(/\r?\n/);
  const source = lines[line - 1] ?? '';
  const problem = (message: string, at = col): ContentProblem => ({ file, line, col: at, field: '', message, severity: 'error' });

  if (first.code === 'TAB_AS_INDENT') return problem('this line is indented with a tab; YAML needs spaces', 1);
  if (first.code === 'DUPLICATE_KEY') {
    const key = /^\s*(?:-\s+)?([^:#]+?):/.exec(source)?.[1];
    return problem(`${key ? `"${key}"` : 'this key'} is given twice in the same place (Map keys must be unique): keep one`);
  }
  const colonInValue = /^(\s*(?:-\s+)?[\w-]+:\s+)([^'"|>\s].*?:\s.*)$/.exec(source);
  const expectedHere = expectedIndent(lines, line);
  if (first.code === 'BLOCK_AS_IMPLICIT_KEY' && colonInValue && (expectedHere === undefined || expectedHere === indentOf(source))) {
    const [, key = '', value = ''] = colonInValue;
    return problem(
      `the text after "${key.trim()}" contains ": ", which YAML reads as a new key; put the text in double quotes: ${key.trim()} "${value.trim().replaceAll('"', '\\"')}"`,
      key.length + 1,
    );
  }
  const expected = expectedIndent(lines, line);
  const actual = indentOf(source);
  if (expected !== undefined && actual !== expected && ['BAD_INDENT', 'MISSING_CHAR', 'BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY', 'UNEXPECTED_TOKEN'].includes(first.code)) {
    return problem(
      `this line is indented ${spaces(actual)}, the line above ${spaces(expected)}: keys of one item start in the same column, so indent it by ${expected}`,
      1,
    );
  }
  const message = first.message.split('\n')[0] ?? first.message;
  return problem(`${message} (check the indentation of this line and the one above, and quote text that contains ": " or " #")`);
}

/**
 * A choice or step indented deeper than its neighbours is read as the end of the item above
 * ("Yes - No"), with no error at all: the source shows a continuation line starting with "- ".
 */
export function mergedListItems(file: string, document: Document, text: string, lineCounter: LineCounter): ContentProblem[] {
  const problems: ContentProblem[] = [];
  visit(document, {
    Scalar(key, node, ancestors) {
      const parent = ancestors[ancestors.length - 1];
      if (typeof key !== 'number' || !isSeq(parent) || node.type !== 'PLAIN' || !node.range) return;
      const source = text.slice(node.range[0], node.range[1]);
      const merged = /\n([ \t]*)- /.exec(source);
      if (!merged) return;
      const { line } = lineCounter.linePos(node.range[0] + merged.index + 1);
      const path: (string | number)[] = [];
      ancestors.forEach((ancestor, index) => {
        const next = ancestors[index + 1] ?? node;
        if (isPair(ancestor) && isScalar(ancestor.key)) path.push(String(ancestor.key.value));
        if (isSeq(ancestor)) path.push(ancestor.items.indexOf(next as never));
      });
      problems.push({
        file,
        line,
        col: (merged[1]?.length ?? 0) + 1,
        field: formatFieldPath(path),
        message: `reads as one item, "${String(node.value)}": the "- " on this line is indented deeper than the items above, so it continues the one before it. If it is an item of its own, start its "-" in the same column as the others`,
        severity: 'warning',
      });
    },
  });
  return problems;
}

/**
 * What to add to "should be a number/string": `answer: A` counted choices by letter (indexes
 * count from 0); `- Step one: do this` was read as a key and a value because of its ": ".
 */
export function indexHint(path: readonly PropertyKey[], received: unknown): string {
  if (received !== null && typeof received === 'object' && !Array.isArray(received) && Object.keys(received).length === 1) {
    const [[key, value]] = Object.entries(received) as [[string, unknown]];
    if (typeof value === 'string' || typeof value === 'number') {
      return `: YAML read "${key}: ${String(value)}" as a key and a value because of the ": "; put the whole text in double quotes`;
    }
  }
  const last = path.findLast((part) => typeof part === 'string');
  if (last !== 'answer' && last !== 'answers') return '';
  const letter = typeof received === 'string' && /^[A-Za-z]$/.test(received.trim()) ? received.trim().toUpperCase() : undefined;
  const example = letter ? ` (choice ${letter} is ${letter.charCodeAt(0) - 65})` : '';
  return `: answers count from 0, so the first choice is 0 and the second 1${example}`;
}

const indentOf = (line: string) => /^ */.exec(line)?.[0].length ?? 0;

/** The column keys start at on the nearest line above with content (after a "- " if it opens an item). */
function expectedIndent(lines: readonly string[], line: number): number | undefined {
  for (let index = line - 2; index >= 0; index -= 1) {
    const above = lines[index] ?? '';
    if (above.trim() === '' || above.trim().startsWith('#')) continue;
    const item = /^(\s*-\s+)/.exec(above);
    if (item?.[1] && /^\s*-\s+[\w-]+:/.test(above)) return item[1].length;
    if (/:\s*$/.test(above) && !item) return undefined;
    return indentOf(above);
  }
  return undefined;
}

const spaces = (count: number) => `${count} ${count === 1 ? 'space' : 'spaces'}`;
