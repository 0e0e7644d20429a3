import { z } from 'zod';
import { lessonSchema, tracksFileSchema } from './schema.js';

/**
 * JSON Schemas of the lesson files, derived from the zod schemas so they cannot drift:
 * editors with the YAML language server use them for completion and errors while typing.
 */
export function contentJsonSchemas(): Record<string, unknown> {
  const describe = (schema: z.ZodType, title: string) => ({
    ...z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }),
    title,
  });
  return {
    'lesson.schema.json': describe(lessonSchema, 'Tutor bot lesson'),
    'tracks.schema.json': describe(tracksFileSchema, 'Tutor bot tracks'),
  };
}

export const renderJsonSchema = (schema: unknown) => `${JSON.stringify(schema, null, 2)}\n`;
