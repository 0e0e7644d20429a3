import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fill, WORST_CASES } from '../../../src/cli/bench/token-worst-cases.js';
import { inspectPaste, MAX_INPUT_BYTES } from '../../../src/tokens/index.js';

const NOW = new Date('2025-06-01T12:00:00Z');

/**
 * Full-size pastes made of what each extraction step reacts to. A step that re-scans per dot,
 * per line or per prefix turns one of these into seconds of blocked event loop; a linear one
 * answers them all within the test's ordinary budget. Time is not asserted (the machine is
 * shared): a quadratic step shows up as this test never finishing. `npm run bench -- tokens`
 * prints the figures.
 */
const heads = fc.constantFrom('', 'a', 'eyJ', 'eyJhbGciOiJub25lIn0', 'Bearer a', 'Authorization: Bearer ', '"id_token":"', '?code=a', 'x.y', '`', '||');
const dotty = fc.constantFrom('.', '..', 'a.', '.\uFF0E', '.\u200B', '.-', '=.', '.\n');
const hostile = fc.constantFrom(
  '-_~+/=', 'Bearer ', 'Bot ', '"', '\'"', 'A', 'eyJ.', '\uFF0E', '\u2014', '\u200B', 'a\n', '```\n', '&code=', '#id_token=',
  'ghp_', 'AKIAABCDEFGHIJKLMNOP ', 'Authorization: Basic QUJD\n', '-----BEGIN PRIVATE KEY-----\n', '{"payload":"', '"signature":',
);
const worstCase = fc
  .tuple(heads, fc.oneof({ arbitrary: dotty, weight: 3 }, { arbitrary: hostile, weight: 2 }), fc.constantFrom('', '.', 'x', ' end.'))
  .map(([head, unit, tail]) => head + fill(unit, tail, Buffer.byteLength(unit)).slice(head.length));

describe('inspection is linear in the paste', () => {
  test('GIVEN any full-size paste built from repeated dots, separators, prefixes, quotes, base64 and look-alikes THEN it is answered', () => {
    fc.assert(
      fc.property(worstCase, (input) => {
        expect(Buffer.byteLength(input)).toBeLessThanOrEqual(MAX_INPUT_BYTES + 8);
        const paste = inspectPaste(input, NOW);
        // A paste of nothing but zero-width spaces is, rightly, empty once they are stripped.
        const expected = input.replace(/\u200B/g, '') === '' ? 'empty' : expect.stringMatching(/^(paste|too-long)$/);
        expect(paste.kind).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  test('GIVEN a full-size paste of zero-width spaces only THEN it is answered as empty', () => {
    expect(inspectPaste('\u200B'.repeat(Math.floor(MAX_INPUT_BYTES / 3)), NOW).kind).toBe('empty');
  });

  test.each(WORST_CASES.map((worst) => [worst.family, worst.input] as const))('GIVEN the benchmark family "%s" THEN it is answered', (_family, input) => {
    expect(inspectPaste(input, NOW).kind).toBe('paste');
  });
});
