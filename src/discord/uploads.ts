import { MAX_INPUT_BYTES } from '../tokens/limits.js';

/** Where Discord serves attachments. Anything else in an attachment's URL is not Discord's file. */
export const DISCORD_CDN_ORIGINS: readonly string[] = ['https://cdn.discordapp.com', 'https://media.discordapp.net'];

export interface UploadSource {
  /** Origins (scheme, host, port) attachments may be read from: Discord's CDN in production, the fake's in tests. */
  origins: readonly string[];
  fetch?: typeof fetch;
}

export type UploadRead = { ok: true; text: string } | { ok: false; problem: string };

const tooLarge = (bytes: string) =>
  `That file is ${bytes} bytes; I read at most ${MAX_INPUT_BYTES.toLocaleString('en')} (16 KiB), which fits even post-quantum signed tokens.`;
const notDownloaded = 'I could not download that file from Discord. Try again, or paste the token instead.';

/**
 * A token in a file, for the ones too long for any Discord text box. The declared size is checked
 * before downloading; then only Discord's own CDN is asked, redirects are not followed (they could
 * lead anywhere), and reading stops after 16 KiB whatever the headers claimed.
 */
export async function readUploadedText(file: { size: number; url: string }, source: UploadSource): Promise<UploadRead> {
  if (file.size > MAX_INPUT_BYTES) return { ok: false, problem: tooLarge(file.size.toLocaleString('en')) };
  const url = URL.canParse(file.url) ? new URL(file.url) : undefined;
  if (!url || !source.origins.includes(url.origin)) {
    return { ok: false, problem: 'That attachment is not on Discord\'s file servers, so I will not fetch it. Upload the file again, or paste the token instead.' };
  }
  try {
    const response = await (source.fetch ?? fetch)(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel();
      return { ok: false, problem: 'Discord sent me somewhere else for that file, and I only read it at the address Discord gave. Upload it again, or paste the token instead.' };
    }
    if (!response.ok || !response.body) return { ok: false, problem: notDownloaded };
    const bytes = await readAtMost(response.body, MAX_INPUT_BYTES + 1);
    if (bytes.length > MAX_INPUT_BYTES) return { ok: false, problem: tooLarge(`more than ${MAX_INPUT_BYTES.toLocaleString('en')}`) };
    return { ok: true, text: Buffer.from(bytes).toString('utf8') };
  } catch {
    return { ok: false, problem: notDownloaded };
  }
}

/** The first `limit` bytes of a body; the rest is never pulled (the stream is cancelled). */
async function readAtMost(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (total < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, limit);
}
