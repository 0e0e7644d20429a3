import { describe, expect, test } from 'vitest';
import type { GuardFinding } from '../../../src/tokens/guard.js';
import { WarnedMessages } from '../../../src/tokens/warned-messages.js';

const finding = (fingerprint: string): GuardFinding => ({ what: 'GitHub token', masked: 'ghp_…x7Qa', advice: 'Revoke it.', fingerprint });
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes));

describe('which credentials a message was already warned about', () => {
  test.each<[string, [string, string[], number][], string[][]]>([
    ['a first sighting', [['m1', ['a'], 0]], [['a']]],
    ['the same credential after five edits', [['m1', ['a'], 0], ['m1', ['a'], 1], ['m1', ['a'], 2], ['m1', ['a'], 3], ['m1', ['a'], 4], ['m1', ['a'], 5]], [['a'], [], [], [], [], []]],
    ['an edit that adds a credential', [['m1', ['a'], 0], ['m1', ['a', 'b'], 1]], [['a'], ['b']]],
    ['an edit that removes one and keeps the other', [['m1', ['a', 'b'], 0], ['m1', ['b'], 1]], [['a', 'b'], []]],
    ['the same credential in two messages', [['m1', ['a'], 0], ['m2', ['a'], 1]], [['a'], ['a']]],
    ['the same credential after the memory lapsed', [['m1', ['a'], 0], ['m1', ['a'], 61]], [['a'], ['a']]],
  ])('GIVEN %s THEN only new credentials are warned about', (_case, sightings, expected) => {
    const warned = new WarnedMessages(60 * 60_000);
    const warnings = sightings.map(([messageId, fingerprints, minute]) => warned.unwarned(messageId, fingerprints.map(finding), at(minute)).map((one) => one.fingerprint));
    expect(warnings).toEqual(expected);
  });

  test('GIVEN more messages than it keeps THEN the oldest are forgotten first', () => {
    const warned = new WarnedMessages(60 * 60_000, 2);
    for (const messageId of ['m1', 'm2', 'm3']) warned.unwarned(messageId, [finding('a')], at(0));
    expect(warned.unwarned('m3', [finding('a')], at(1))).toEqual([]);
    expect(warned.unwarned('m1', [finding('a')], at(1))).toHaveLength(1);
  });
});
