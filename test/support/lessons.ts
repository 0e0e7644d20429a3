import type { Lesson, Track } from '../../src/content/schema.js';

export const tracks: Track[] = [
  { id: 'security', title: 'Security', description: 'Keeping secrets secret.' },
  { id: 'networking', title: 'Networking', description: 'How bytes travel.' },
];

/** A valid lesson with `pages` sections; override any field. */
export function makeLesson(overrides: Partial<Lesson> & { pages?: number } = {}): Lesson {
  const { pages = 3, ...rest } = overrides;
  return {
    id: 'sample-lesson',
    title: 'A sample lesson',
    track: 'security',
    level: 'junior',
    summary: 'What this lesson teaches.',
    sections: Array.from({ length: pages }, (_, index) => ({
      id: `part-${index + 1}`,
      title: `Part ${index + 1}`,
      body: `Body of part ${index + 1}.`,
    })),
    questions: [
      { id: 'q1', type: 'single', prompt: 'Pick B', choices: ['A', 'B'], answer: 1, explanation: 'B is right.' },
    ],
    recall: [],
    related: [],
    sources: [],
    keywords: [],
    ...rest,
  };
}
