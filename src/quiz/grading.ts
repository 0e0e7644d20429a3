import type { Question } from '../content/schema.js';

/** What a member answered, in terms of the question as written (indexes into the YAML lists). */
export type Response =
  | { type: 'single'; choice: number }
  | { type: 'truefalse'; value: boolean }
  | { type: 'multi'; choices: number[] }
  /** Step indexes in the order the member put them; the right order is 0, 1, 2… */
  | { type: 'order'; sequence: number[] };

export interface Grade {
  /** 0 to 1: the share of the question's worth this answer earns. */
  credit: number;
  /** Only an exact answer is correct; partial credit is not. */
  correct: boolean;
}

const exact = (correct: boolean): Grade => ({ credit: correct ? 1 : 0, correct });

export function grade(question: Question, response: Response): Grade {
  if (question.type !== response.type) return exact(false);
  switch (question.type) {
    case 'single':
      return exact((response as { choice: number }).choice === question.answer);
    case 'truefalse':
      return exact((response as { value: boolean }).value === question.answer);
    case 'multi':
      return gradeMulti(question.answers, (response as { choices: number[] }).choices);
    case 'order':
      return gradeOrder(question.steps.length, (response as { sequence: number[] }).sequence);
  }
}

/** (right picks − wrong picks) / number of right options, floored at 0; full only for the exact set. */
function gradeMulti(answers: readonly number[], picked: readonly number[]): Grade {
  const right = new Set(answers);
  const chosen = new Set(picked);
  let rightPicks = 0;
  let wrongPicks = 0;
  for (const choice of chosen) {
    if (right.has(choice)) rightPicks += 1;
    else wrongPicks += 1;
  }
  const correct = rightPicks === right.size && wrongPicks === 0;
  return { credit: correct ? 1 : Math.max(0, (rightPicks - wrongPicks) / right.size), correct };
}

/** The share of step pairs in the right relative order; full only for the exact order. */
function gradeOrder(stepCount: number, sequence: readonly number[]): Grade {
  const isPermutation = sequence.length === stepCount && new Set(sequence).size === stepCount && sequence.every((step) => step >= 0 && step < stepCount);
  if (!isPermutation) return exact(false);
  let inOrder = 0;
  let pairs = 0;
  for (let first = 0; first < sequence.length; first += 1) {
    for (let second = first + 1; second < sequence.length; second += 1) {
      pairs += 1;
      if ((sequence[first] as number) < (sequence[second] as number)) inOrder += 1;
    }
  }
  const correct = inOrder === pairs;
  return { credit: correct ? 1 : inOrder / pairs, correct };
}

/** How the right answer reads, for reveals and reviews. */
export function describeAnswer(question: Question): string {
  switch (question.type) {
    case 'single':
      return `${letter(question.answer)}: ${question.choices[question.answer]}`;
    case 'truefalse':
      return question.answer ? 'True' : 'False';
    case 'multi':
      return question.answers.map((index) => `${letter(index)}: ${question.choices[index]}`).join('\n');
    case 'order':
      return question.steps.map((step, index) => `${index + 1}. ${step}`).join('\n');
  }
}

export function describeResponse(question: Question, response: Response): string {
  switch (response.type) {
    case 'single':
      return question.type === 'single' ? `${letter(response.choice)}: ${question.choices[response.choice] ?? '?'}` : '?';
    case 'truefalse':
      return response.value ? 'True' : 'False';
    case 'multi':
      return question.type === 'multi' ? response.choices.map((index) => letter(index)).join(', ') || 'nothing' : '?';
    case 'order':
      // In the same form as the right order (describeAnswer), so the two read side by side.
      return question.type === 'order' ? response.sequence.map((step, place) => `${place + 1}. ${question.steps[step] ?? '?'}`).join('\n') : '?';
  }
}

export const letter = (index: number) => String.fromCharCode(65 + index);
