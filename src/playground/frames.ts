import { z } from 'zod';
import type { ClientFrame } from './protocol.js';

/**
 * The page's frames, checked before anything acts on them: a page is a client like any other,
 * so a frame names who acts and what was clicked, and the server decides the rest.
 */
const id = z.string().regex(/^\d{17,20}$/);
const text = (max: number) => z.string().max(max);
const acting = { requestId: text(100), asMember: id };
const composed = z.array(z.object({ name: text(32), value: z.union([text(6000), z.number(), z.boolean()]) })).max(25);
const commandPath = { channelId: id, name: text(32), group: text(32).optional(), subcommand: text(32).optional(), options: composed };
const label = z.enum(['moderator', 'quiz host', 'member']);

const clientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('slash'), ...acting, ...commandPath }),
  z.object({ type: z.literal('autocomplete'), ...acting, ...commandPath, focused: text(32) }),
  z.object({ type: z.literal('button'), ...acting, messageId: id, customId: text(100) }),
  z.object({ type: z.literal('select'), ...acting, messageId: id, customId: text(100), values: z.array(text(100)).max(25) }),
  z.object({
    type: z.literal('modal-submit'),
    ...acting,
    interactionId: id,
    customId: text(100),
    fields: z.array(z.object({ customId: text(100), value: text(4000) })).max(5),
  }),
  z.object({ type: z.literal('message-command'), ...acting, name: text(32), messageId: id }),
  z.object({ type: z.literal('send'), ...acting, channelId: id, content: text(2000).min(1) }),
  z.object({ type: z.literal('dismiss'), ...acting, messageId: id }),
  z.object({ type: z.literal('add-member'), ...acting, name: text(32), label }),
  z.object({ type: z.literal('preview'), requestId: text(100), lessonId: text(100) }),
]);

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; requestId?: string; message: string };

export function parseClientFrame(raw: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, message: 'A frame must be JSON.' };
  }
  const parsed = clientFrame.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data as ClientFrame };
  const requestId = typeof (json as { requestId?: unknown })?.requestId === 'string' ? (json as { requestId: string }).requestId : undefined;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, ...(requestId ? { requestId } : {}), message: `Frame refused${where}: ${issue?.message ?? 'not a frame this server knows'}.` };
}
