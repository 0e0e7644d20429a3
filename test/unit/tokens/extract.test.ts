import { describe, expect, test } from 'vitest';
import { extractAllFromPrepared, prepareInput } from '../../../src/tokens/extract.js';
import { extractCandidate, MAX_INPUT_BYTES, type ExtractSource, type Wrapper } from '../../../src/tokens/index.js';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const [HEADER = '', PAYLOAD = '', SIGNATURE = ''] = JWT.split('.');
const UNSECURED = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.';

function extractedAll(input: string) {
  const prepared = prepareInput(input);
  if (!prepared.ok) throw new Error(prepared.reason);
  const result = extractAllFromPrepared(prepared.text, prepared.notes);
  if (!result.ok) throw new Error(`nothing extracted: ${result.reason}`);
  return result.extractions;
}

function extracted(input: string) {
  const result = extractCandidate(input);
  if (!result.ok) throw new Error(`nothing extracted: ${result.reason}`);
  return result.extraction;
}

describe('finding the token in what people paste', () => {
  test.each<[string, string, ExtractSource, Wrapper[]]>([
    ['the bare token', JWT, 'plain', []],
    ['a Bearer prefix', `Bearer ${JWT}`, 'bearer-prefix', []],
    ['a Bot prefix', `Bot ${JWT}`, 'bot-prefix', []],
    ['an Authorization header line', `GET /me HTTP/1.1\nHost: api.example\nAuthorization: Bearer ${JWT}\nAccept: */*`, 'authorization-header', []],
    ['an authorization header in lower case', `authorization:bearer ${JWT}`, 'authorization-header', []],
    ['inline code', `here: \`${JWT}\``, 'plain', ['inline-code']],
    ['a code block with a language', `\`\`\`http\nAuthorization: Bearer ${JWT}\n\`\`\``, 'authorization-header', ['code-block']],
    ['a one-line code block', `\`\`\`${JWT}\`\`\``, 'plain', ['code-block']],
    ['a spoiler', `||${JWT}||`, 'plain', ['spoiler']],
    ['a spoiler inside a code block', `\`\`\`\n||${JWT}||\n\`\`\``, 'plain', ['code-block', 'spoiler']],
    ['double quotes', `"${JWT}"`, 'plain', []],
    ['single quotes', `'${JWT}'`, 'plain', []],
    ['surrounding prose', `hey, why does my API say 401 with this token ${JWT} ? thanks`, 'plain', []],
    ['a sentence ending right after it', `My token is ${JWT}.`, 'plain', []],
    ['a JSON token response', `{\n  "access_token": "${JWT}",\n  "token_type": "Bearer",\n  "expires_in": 3600\n}`, 'json:access_token', []],
    ['a JSON body with an id_token', `{"id_token":"${JWT}"}`, 'json:id_token', []],
    ['a JSON body with only a refresh_token', `{ "refresh_token" : "${JWT}" }`, 'json:refresh_token', []],
    ['a redirect with #access_token', `https://app.example/cb#access_token=${JWT}&token_type=Bearer&expires_in=3600`, 'url:fragment:access_token', []],
    ['a redirect with ?id_token', `https://app.example/cb?state=xyz&id_token=${JWT}`, 'url:query:id_token', []],
    ['a redirect with the token after a fragment mark', `https://app.example/cb#state=xyz&id_token=${JWT}`, 'url:fragment:id_token', []],
    ['a form body', `grant_type=refresh_token&refresh_token=${JWT}`, 'form:refresh_token', []],
  ])('GIVEN %s THEN the token is found, with where it came from', (_case, input, source, wrappers) => {
    const extraction = extracted(input);
    expect(extraction.candidate).toBe(JWT);
    expect(extraction.source).toBe(source);
    expect(extraction.wrappers).toEqual(wrappers);
  });

  test('GIVEN a ?code= redirect THEN the code is the candidate', () => {
    const extraction = extracted('https://app.example/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkj');
    expect(extraction).toMatchObject({ candidate: 'SplxlOBeZQQYbYS6WxSbIA', source: 'url:query:code' });
  });

  test('GIVEN a JSON body with several tokens THEN each is extracted, in order, with its field', () => {
    const all = extractedAll(`{"access_token":"${JWT}","id_token":"${UNSECURED}","refresh_token":"abc"}`);
    expect(all.map((one) => [one.source, one.candidate])).toEqual([
      ['json:access_token', JWT],
      ['json:id_token', UNSECURED],
      ['json:refresh_token', 'abc'],
    ]);
  });

  test('GIVEN an unsecured JWT ending in its own dot THEN the dot is kept', () => {
    expect(extracted(UNSECURED).candidate).toBe(UNSECURED);
  });

  test('GIVEN an unsecured JWT at the end of a sentence THEN only the sentence period goes', () => {
    expect(extracted(`look: ${UNSECURED}.`).candidate).toBe(UNSECURED);
  });

  test('GIVEN a token broken across lines THEN the lines are joined', () => {
    const wrapped = `Authorization: Bearer ${HEADER}.${PAYLOAD.slice(0, 40)}\n${PAYLOAD.slice(40)}.\n${SIGNATURE}`;
    expect(extracted(wrapped).candidate).toBe(JWT);
  });

  test('GIVEN two tokens on two lines THEN they are not glued together, and both are found', () => {
    expect(extractedAll(`${JWT}\n${UNSECURED}`).map((one) => one.candidate)).toEqual([JWT, UNSECURED]);
  });

  test('GIVEN a short line of prose before the token THEN the prose is not glued to it', () => {
    expect(extracted(`here is my token\n${JWT}`).candidate).toBe(JWT);
  });

  test('GIVEN zero-width characters inside the token THEN they are removed, with a note', () => {
    const sneaky = `${HEADER}\u200B.${PAYLOAD.slice(0, 10)}\u200D${PAYLOAD.slice(10)}.\uFEFF${SIGNATURE}`;
    const extraction = extracted(sneaky);
    expect(extraction.candidate).toBe(JWT);
    expect(extraction.notes).toEqual(['Removed 3 invisible characters (zero-width or direction marks).']);
  });

  test.each([
    ['U+FF0E', '\uFF0E'],
    ['U+2024', '\u2024'],
    ['U+3002', '\u3002'],
    ['U+00B7', '\u00B7'],
  ])('GIVEN the dots replaced by look-alikes (%s) THEN they become dots and a note says so', (code, dot) => {
    const extraction = extracted(`${HEADER}${dot}${PAYLOAD}${dot}${SIGNATURE}`);
    expect(extraction.candidate).toBe(JWT);
    expect(extraction.notes).toEqual([`Replaced 2 look-alike dots (${code}) with ".".`]);
  });

  test('GIVEN two kinds of look-alike dot THEN the note names both', () => {
    const extraction = extracted(`${HEADER}\uFF0E${PAYLOAD}\u3002${SIGNATURE}`);
    expect(extraction.notes).toEqual(['Replaced 2 look-alike dots (U+FF0E, U+3002) with ".".']);
  });

  test('GIVEN an em dash where the token has a hyphen THEN it is replaced, with a note and a caution', () => {
    const withHyphen = `${HEADER}.${PAYLOAD}.abc-def${SIGNATURE}`;
    const extraction = extracted(withHyphen.replace('abc-def', 'abc\u2014def'));
    expect(extraction.candidate).toBe(withHyphen);
    expect(extraction.notes[0]).toBe('Replaced 1 look-alike dash (U+2014) with "-".');
    expect(extraction.notes[1]).toMatch(/two hyphens/);
  });

  test('GIVEN smart quotes around a JSON body THEN they are straightened, with a note', () => {
    const extraction = extracted(`{\u201Cid_token\u201D: \u201C${JWT}\u201D}`);
    expect(extraction).toMatchObject({ candidate: JWT, source: 'json:id_token' });
    expect(extraction.notes).toEqual([`Replaced 4 smart quotes (U+201C, U+201D) with '"'.`]);
  });

  test('GIVEN prose with an em dash next to the token THEN the dash stays out of it, without a note', () => {
    const extraction = extracted(`token\u2014 ${JWT} \u2014ok?`);
    expect(extraction.candidate).toBe(JWT);
    expect(extraction.notes).toEqual([]);
  });
});

describe('what cannot be extracted', () => {
  test.each([
    ['an empty string', ''],
    ['spaces and line breaks', '  \n\t  \n'],
    ['only zero-width characters', '\u200B\u200B\uFEFF'],
  ])('GIVEN %s THEN it is empty', (_case, input) => {
    expect(extractCandidate(input)).toEqual({ ok: false, reason: 'empty' });
  });

  test('GIVEN more than 16 KiB THEN it is refused before any parsing, with its size', () => {
    expect(extractCandidate('a'.repeat(MAX_INPUT_BYTES + 1))).toEqual({
      ok: false,
      reason: 'too-long',
      bytes: MAX_INPUT_BYTES + 1,
      limitBytes: 16384,
    });
  });

  test('GIVEN exactly 16 KiB THEN it is accepted', () => {
    expect(extractCandidate('a'.repeat(MAX_INPUT_BYTES)).ok).toBe(true);
  });

  test('GIVEN 16 KiB of characters that take 3 bytes each THEN bytes count, not characters', () => {
    const result = extractCandidate('\u2603'.repeat(6000));
    expect(result).toMatchObject({ ok: false, reason: 'too-long' });
  });

  test.each([
    ['prose', 'hello, can someone help me with OAuth?'],
    ['dots only', '.....'],
    ['punctuation', '!!! ??? ;;; :::'],
  ])('GIVEN %s THEN no token is found', (_case, input) => {
    expect(extractCandidate(input)).toMatchObject({ ok: false, reason: 'no-token-found' });
  });
});
