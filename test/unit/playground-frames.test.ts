import { describe, expect, test } from 'vitest';
import { parseClientFrame } from '../../src/playground/frames.js';

const member = '123456789012345678';

describe('frames from a playground page are checked before anything acts on them', () => {
  test.each([
    { given: 'text that is not JSON', raw: 'hello', message: /must be JSON/, requestId: undefined },
    { given: 'an unknown frame type', raw: JSON.stringify({ type: 'become-admin', requestId: 'r1', asMember: member }), message: /Frame refused/, requestId: 'r1' },
    { given: 'a member id that is not a snowflake', raw: JSON.stringify({ type: 'dismiss', requestId: 'r2', asMember: 'me', messageId: member }), message: /asMember/, requestId: 'r2' },
    { given: 'a message longer than Discord allows', raw: JSON.stringify({ type: 'send', requestId: 'r3', asMember: member, channelId: member, content: 'x'.repeat(2001) }), message: /content/, requestId: 'r3' },
    { given: 'a role that does not exist', raw: JSON.stringify({ type: 'add-member', requestId: 'r4', asMember: member, name: 'Kim', label: 'owner' }), message: /label/, requestId: 'r4' },
  ])('GIVEN $given THEN it is refused in words, echoing the request id when there is one', ({ raw, message, requestId }) => {
    const parsed = parseClientFrame(raw);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toMatch(message);
    expect(parsed.requestId).toBe(requestId);
  });

  test('GIVEN a well-formed slash frame THEN it passes through unchanged', () => {
    const frame = { type: 'slash', requestId: 'r5', asMember: member, channelId: member, name: 'lesson', options: [{ name: 'topic', value: 'oauth-basics' }] };
    expect(parseClientFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
  });
});
