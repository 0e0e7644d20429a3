import { describe, expect, test } from 'vitest';
import { basePermissions, deletingPermissions, inviteUrl } from '../../src/ops/invite.js';

describe('the invite link npm run deploy prints', () => {
  test('GIVEN the permissions the bot needs THEN the integer is View Channel, Send Messages, Embed Links and Read Message History', () => {
    expect(basePermissions).toBe((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n));
    expect(basePermissions).toBe(84992n);
    expect(deletingPermissions - basePermissions).toBe(1n << 13n);
  });

  test('GIVEN an application id THEN the URL asks for the bot and applications.commands scopes', () => {
    expect(inviteUrl('123456789012345678')).toBe('https://discord.com/oauth2/authorize?client_id=123456789012345678&scope=bot+applications.commands&permissions=84992');
    expect(inviteUrl('123456789012345678', deletingPermissions)).toContain('permissions=93184');
  });
});
