import { describe, expect, test } from 'vitest';
import { escapeTyped, safeName } from '../../src/discord/text.js';
import { safeText } from '../../src/discord/views/token.js';

/** A masked link whose "[" is not escaped: Discord would render it as a link. */
const liveMaskedLink = /(?<!\\)\[[^\]]*\]\(/;

describe('text members typed, shown in public', () => {
  test.each([
    ['a masked link', '[Free Nitro](https://evil.example/x)'],
    ['two masked links', '[a](https://one.example) and [b](https://two.example)'],
    ['a masked link with an angle-bracket URL', '[click](<https://evil.example>)'],
    ['a masked link inside bold', '**[Free Nitro](https://evil.example/x)**'],
    ['brackets inside the link text', '[[x]](https://evil.example)'],
  ])('GIVEN %s THEN every helper shows it as text', (_case, typed) => {
    for (const shown of [escapeTyped(typed), safeName(typed), safeText(typed)]) expect(shown).not.toMatch(liveMaskedLink);
  });

  test('GIVEN a long name THEN it is cut before escaping, so no escape is cut in half', () => {
    const shown = safeName(`${'a'.repeat(63)}[b](c)`);
    expect(shown.endsWith('\\')).toBe(false);
    expect(shown).toBe(`${'a'.repeat(63)}\\[`);
  });
});
