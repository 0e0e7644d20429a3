/** One thing wrong with the content, pinned to the place an author has to edit. */
export interface ContentProblem {
  file: string;
  line?: number;
  col?: number;
  /** Where inside the document, like `questions[2].answer`; empty for the whole file. */
  field: string;
  message: string;
  severity: 'error' | 'warning';
}

export type FieldPath = readonly (string | number)[];

export function formatFieldPath(path: FieldPath): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text === '' ? part : `${text}.${part}`;
  }, '');
}

/** `file:line:col error field: message`: where first (terminals make it a link), then how bad, then what. */
export function formatProblem(problem: ContentProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.col ?? 1}`;
  const field = problem.field === '' ? ':' : ` ${problem.field}:`;
  return `${where} ${problem.severity}${field} ${problem.message}`;
}

/** Errors before warnings, each in file and position order. */
export const errorsFirst = (problems: readonly ContentProblem[]): ContentProblem[] =>
  [...problems].sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning') || compareProblems(a, b));

export function compareProblems(a: ContentProblem, b: ContentProblem): number {
  return a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
}

/** "1 recall card", "3 recall cards". */
export const count = (amount: number, word: string) => `${amount} ${word}${amount === 1 ? '' : 's'}`;
