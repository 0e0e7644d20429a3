import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DiscordErrorBody, RecordedFile } from './types.js';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const noContent = (): Reply => ({ status: 204 });
export const fail = (status: number, error: DiscordErrorBody): Reply => ({ status, body: error });
export const discordError = (status: number, message: string, code: number): Reply => fail(status, { message, code });

export interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
  invalidJson: boolean;
}

export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const contentType = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: undefined, files: [], invalidJson: false };
  if (contentType.startsWith('multipart/form-data')) return readMultipart(raw, contentType);
  if (contentType.startsWith('application/json')) {
    try {
      return { body: JSON.parse(raw.toString('utf8')), files: [], invalidJson: false };
    } catch {
      return { body: raw.toString('utf8'), files: [], invalidJson: true };
    }
  }
  return { body: raw.toString('utf8'), files: [], invalidJson: false };
}

/** discord.js sends files as multipart: `files[n]` parts plus the JSON body in `payload_json`. */
async function readMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  // Node's fetch Response already implements a multipart parser; no need for a dependency.
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const files: RecordedFile[] = [];
  let body: Record<string, unknown> = {};
  let invalidJson = false;
  for (const [field, value] of form.entries()) {
    if (typeof value !== 'string') {
      const data = Buffer.from(await value.arrayBuffer());
      files.push({ field, filename: value.name, contentType: value.type, size: data.length, data });
    } else if (field === 'payload_json') {
      try {
        body = { ...body, ...(JSON.parse(value) as Record<string, unknown>) };
      } catch {
        invalidJson = true;
      }
    } else {
      body[field] = value;
    }
  }
  return { body, files, invalidJson };
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  // Discord answers 204 with no body; discord.js then skips JSON parsing.
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const json = JSON.stringify(reply.body);
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(Buffer.byteLength(json));
  res.writeHead(reply.status, headers).end(json);
}
