import { afterEach, describe, expect, test, vi } from 'vitest';
import { readUploadedText } from '../../src/discord/uploads.js';

const origin = 'https://cdn.discordapp.com';
const attachment = (size: number) => ({ size, url: `${origin}/attachments/1/2/token.txt` });

/** A server body made on demand, counting what the reader actually pulled. */
function lazyBody(totalBytes: number, chunkBytes = 4096) {
  const counter = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= totalBytes) return controller.close();
      counter.pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x41));
    },
  });
  return { body, counter };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('reading an uploaded token file', () => {
  test('GIVEN a file that declares 10 bytes and sends 8 MiB THEN reading stops after 16 KiB and the file is refused as too large', async () => {
    const { body, counter } = lazyBody(8 * 1024 * 1024);
    vi.stubGlobal('fetch', async () => new Response(body, { status: 200 }));
    const read = await readUploadedText(attachment(10), { origins: [origin] });
    expect(read).toMatchObject({ ok: false, problem: expect.stringContaining('more than 16,384') });
    expect(counter.pulled).toBeLessThanOrEqual(16 * 1024 + 2 * 4096);
  });

  test('GIVEN a small file THEN its text is read', async () => {
    vi.stubGlobal('fetch', async () => new Response('eyJhbGciOiJub25lIn0.e30.', { status: 200 }));
    expect(await readUploadedText(attachment(24), { origins: [origin] })).toEqual({ ok: true, text: 'eyJhbGciOiJub25lIn0.e30.' });
  });

  test.each([
    ['another host', 'https://evil.example/attachments/1/2/token.txt'],
    ['a look-alike host', 'https://cdn.discordapp.com.evil.example/a.txt'],
    ['plain http to the CDN', 'http://cdn.discordapp.com/a.txt'],
    ['not a URL', 'token.txt'],
  ])('GIVEN an attachment URL on %s THEN nothing is fetched', async (_case, url) => {
    const fetched = vi.fn(async () => new Response('x'));
    vi.stubGlobal('fetch', fetched);
    const read = await readUploadedText({ size: 10, url }, { origins: [origin] });
    expect(read).toMatchObject({ ok: false, problem: expect.stringContaining('not on Discord') });
    expect(fetched).not.toHaveBeenCalled();
  });

  test('GIVEN the CDN answers with a redirect THEN it is not followed', async () => {
    const fetched = vi.fn(async (_url: URL | string, init?: RequestInit) =>
      init?.redirect === 'manual' ? new Response(null, { status: 302, headers: { Location: 'https://evil.example/' } }) : new Response('followed'),
    );
    vi.stubGlobal('fetch', fetched);
    const read = await readUploadedText(attachment(10), { origins: [origin] });
    expect(read).toMatchObject({ ok: false, problem: expect.stringContaining('somewhere else') });
    expect(fetched).toHaveBeenCalledTimes(1);
  });
});
