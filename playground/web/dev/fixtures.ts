/**
 * Dev only (never built): the page drawn from fixture frames, without a server, to check how
 * embeds, markdown and components look. `npx vite --config playground/web/vite.config.ts`,
 * then open /dev/fixtures.html. Actions are echoed to the console; autocomplete answers locally.
 */
import type { APIApplicationCommand, APIMessage } from 'discord.js';
import type { PlaygroundMessage, PlaygroundSnapshot } from '../../../src/playground/protocol.js';
import { App } from '../src/app.js';
import '../src/styles.css';
import commands from './commands.json';

const guildId = '1100000000000000001';
const bot = { id: '1200000000000000001', username: 'Tutor', discriminator: '0', global_name: null, avatar: null, bot: true };
const user = (id: string, name: string) => ({ id, username: name.toLowerCase(), discriminator: '0', global_name: name, avatar: null });
const ada = user('1000000000000000001', 'Ada');
const grace = user('1000000000000000002', 'Grace');
const linus = user('1000000000000000003', 'Linus');
const channel = (id: string, name: string) => ({ id, name, kind: 'text' as const });
const general = '1110000000000000001';

let counter = 0;
function message(author: typeof bot | typeof ada, body: Partial<APIMessage>, extra: Partial<PlaygroundMessage> = {}): PlaygroundMessage {
  counter += 1;
  return {
    message: { id: String(1400000000000000000n + BigInt(counter)), channel_id: general, author, content: '', timestamp: new Date(Date.now() - (20 - counter) * 60_000).toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], pinned: false, type: 0, components: [], ...body } as APIMessage,
    visibleTo: null,
    loading: false,
    ...extra,
  };
}

const soon = Math.floor(Date.now() / 1000) + 300;
const messages: PlaygroundMessage[] = [
  message(ada, { content: `**Bold**, *italics*, __underline__, ~~strike~~, \`inline code\` and ||a spoiler||.\n> a quote\n- first\n- second with <@${grace.id}>\n1. one\n2. two\n\`\`\`ts\nconst answer = 42;\n\`\`\`\nSee [the docs](https://discord.com/developers/docs) before <t:${soon}:R> in <#${general}>, <@&1500000000000000002>. [bad](javascript:alert(1)) <img src=x onerror=alert(1)>` }),
  message(
    bot,
    {
      embeds: [
        {
          title: 'OAuth 2.0 in one page · 1 of 4',
          description: 'An **access token** says what a client may do.\n\n- short-lived\n- scoped',
          color: 0x5865f2,
          fields: [
            { name: 'Track', value: 'Security', inline: true },
            { name: 'Level', value: 'junior', inline: true },
            { name: 'Time', value: '5 min', inline: true },
            { name: 'Related', value: 'PKCE, JWT' },
          ],
          footer: { text: 'Page 1 of 4' },
        },
      ],
      components: [
        { type: 1, components: [
          { type: 2, style: 2, label: 'Previous', emoji: { name: '◀️' }, custom_id: 'v1|lesson|p|0', disabled: true },
          { type: 2, style: 1, label: 'Next', emoji: { name: '▶️' }, custom_id: 'v1|lesson|p|1' },
          { type: 2, style: 3, label: 'Start quiz', emoji: { name: '📝' }, custom_id: 'v1|quiz|start' },
          { type: 2, style: 5, label: 'RFC 6749', url: 'https://www.rfc-editor.org/rfc/rfc6749' },
        ] },
        { type: 1, components: [{ type: 3, custom_id: 'v1|lesson|jump', placeholder: 'Jump to a section…', options: [1, 2, 3, 4].map((n) => ({ label: `${n}. Section ${n}`, value: String(n - 1), default: n === 1 })) }] },
      ],
    } as Partial<APIMessage>,
    { invokedBy: { userId: ada.id, commandName: 'lesson' } },
  ),
  message(
    bot,
    {
      flags: 64,
      embeds: [{ title: 'Which of these are OAuth grant types?', description: 'Choose **all** that apply.', color: 0xfaa61a }],
      components: [
        { type: 1, components: [{ type: 3, custom_id: 'v1|quiz|m', placeholder: 'Choose all that apply', min_values: 1, max_values: 3, options: ['Authorization code', 'Client credentials', 'Device code', 'Password hash'].map((label, index) => ({ label, value: String(index), description: index === 0 ? 'with PKCE' : undefined })) }] },
        { type: 1, components: [{ type: 8, custom_id: 'v1|config|channel', placeholder: 'Quiz channel', min_values: 1, max_values: 1 }] },
        { type: 1, components: [{ type: 6, custom_id: 'v1|config|role', placeholder: 'Quiz host role', min_values: 0, max_values: 2 }] },
      ],
    } as Partial<APIMessage>,
    { visibleTo: ada.id, invokedBy: { userId: ada.id, commandName: 'quiz practice' } },
  ),
  message(bot, { attachments: [{ id: '1', filename: 'progress.png', size: 20480, url: '/dev/picture.svg', proxy_url: '/dev/picture.svg', content_type: 'image/png' }], embeds: [{ title: 'Your progress', image: { url: 'attachment://progress.png' }, color: 0x3ba55c, timestamp: new Date().toISOString(), footer: { text: 'Tutor' } }] } as Partial<APIMessage>),
  message(bot, { content: '' }, { loading: true }),
];

const snapshot: PlaygroundSnapshot = {
  protocol: 1,
  guild: { id: guildId, name: 'Tutor playground' },
  bot,
  channels: [channel(general, 'general'), channel('1110000000000000002', 'quiz-arena'), channel('1110000000000000003', 'bot-commands'), channel('1110000000000000004', 'mod-log'), { id: '1110000000000000009', name: 'ada', kind: 'dm', recipientId: ada.id }],
  roles: [
    { id: guildId, name: '@everyone', color: 0, hoist: false, position: 0, permissions: '0', managed: false, mentionable: false, flags: 0 },
    { id: '1500000000000000001', name: 'Moderator', color: 0xed4245, hoist: true, position: 2, permissions: '32', managed: false, mentionable: true, flags: 0 },
    { id: '1500000000000000002', name: 'Quiz host', color: 0xfaa61a, hoist: true, position: 1, permissions: '0', managed: false, mentionable: true, flags: 0 },
  ] as unknown as PlaygroundSnapshot['roles'],
  members: [
    { user: ada, roles: ['1500000000000000001'], label: 'moderator', permissions: '32' },
    { user: grace, roles: ['1500000000000000002'], label: 'quiz host', permissions: '0' },
    { user: linus, roles: [], label: 'member', permissions: '0' },
  ],
  commands: commands as unknown as APIApplicationCommand[],
  messages,
  lessonIndex: [{ id: 'oauth', title: 'OAuth 2.0 in one page', track: 'security', level: 'junior' }],
  contentProblems: ['content/lessons/security/oauth.yaml:14:5 quiz[2].answer: expected one of the choices'],
};

const app = new App((frame) => {
  console.log('action', JSON.stringify(frame));
  const requestId = `fixture-${Math.random().toString(36).slice(2)}`;
  if (frame.type === 'autocomplete') {
    const typed = String(frame.options.find((option) => option.name === frame.focused)?.value ?? '');
    setTimeout(() => app.handle({ type: 'autocomplete', requestId, choices: ['OAuth 2.0 in one page', 'JWT anatomy', 'PKCE'].filter((name) => name.toLowerCase().includes(typed.toLowerCase())).map((name) => ({ name, value: name.toLowerCase() })) }), 30);
  }
  if (frame.type === 'button' && frame.customId === 'v1|quiz|start') {
    setTimeout(() => app.handle({ type: 'modal', memberId: ada.id, interactionId: '1', modal: { custom_id: 'v1|review|a', title: 'Recall: what is PKCE?', components: [{ type: 1, components: [{ type: 4, custom_id: 'answer', label: 'Your answer', style: 2, required: true }] }] } as never }), 30);
  }
  return requestId;
});
app.handle({ type: 'snapshot', snapshot });
app.setOnline(true);
