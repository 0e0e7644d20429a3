import { ButtonStyle, ComponentType, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { CredentialInspection, Inspection, PasteInspection } from '../../tokens/inspect.js';
import { encodeRoute } from '../ids.js';
import type { MessageView } from './lesson.js';
import { encryptedEmbed, notATokenEmbed, secretEmbed, signedEmbed } from './token-details.js';
import { leakEmbed } from './token-leak.js';
import { safeText } from './token-text.js';

export { safeText } from './token-text.js';

/** Where "Two tokens, two jobs" lives, for the button that ties a token back to the lesson. */
export interface LessonLink {
  lessonId: string;
  page: number;
}

/** Discord shows at most 10 embeds in a message. */
const MAX_EMBEDS = 10;

/** One answer for a whole paste: the leak warning first, then each credential on its own. */
export function tokenView(inspection: Inspection | PasteInspection, lesson: LessonLink | undefined): MessageView {
  if (inspection.kind === 'empty') {
    return { embeds: [{ title: 'Nothing to decode', description: 'Paste a token, or a header or JSON response that contains one.', color: 0x4f545c }], components: [] };
  }
  if (inspection.kind === 'too-long') {
    const warning: APIEmbed = { title: '🚨 Treat this as leaked: revoke it now', description: `Pasting a credential into Discord is a leak. ${safeText(inspection.leak.headline, 300)}\n**What to do now:** ${safeText(inspection.leak.advice, 500)}`, color: 0xed4245 };
    const refusal = { title: 'Too long to read', description: `That is ${inspection.bytes.toLocaleString('en')} bytes; I read at most ${inspection.limitBytes.toLocaleString('en')} (16 KiB), which fits even post-quantum signed tokens.`, color: 0x4f545c };
    return { embeds: [warning, refusal], components: [] };
  }
  const paste: PasteInspection = inspection.kind === 'paste' ? inspection : { kind: 'paste', credentials: [inspection], leftOut: 0 };
  const warning = leakEmbed(paste.credentials, paste.leftOut);
  const embeds: APIEmbed[] = warning ? [warning] : [];
  for (const credential of paste.credentials) embeds.push(...detailEmbeds(credential));
  const notes = [...new Set(paste.credentials.flatMap(notesOf))].map((note) => `ℹ️ ${safeText(note, 300)}`);
  const kept = embeds.slice(0, MAX_EMBEDS);
  const last = kept[kept.length - 1] as APIEmbed;
  if (notes.length > 0) last.fields = [...(last.fields ?? []), { name: 'How I read your text', value: notes.join('\n').slice(0, 1024) }].slice(0, 25);
  const isJose = paste.credentials.some((credential) => credential.kind === 'jws' || credential.kind === 'unsecured' || credential.kind === 'jwe');
  return { embeds: fitTotal(kept), components: lesson && isJose ? [lessonRow(lesson)] : [] };
}

function detailEmbeds(credential: CredentialInspection): APIEmbed[] {
  switch (credential.kind) {
    case 'secret':
      return [secretEmbed(credential)];
    case 'jws':
    case 'unsecured': {
      const inner = credential.nested;
      const outer = signedEmbed(credential, credential.found);
      if (!inner || (inner.kind !== 'jws' && inner.kind !== 'unsecured')) return [outer];
      const innerEmbed = signedEmbed(inner);
      return [outer, { ...innerEmbed, title: `Inside: ${innerEmbed.title ?? ''}` }];
    }
    case 'jwe':
      return [encryptedEmbed(credential, credential.found)];
    case 'not-a-token':
      return [notATokenEmbed(credential)];
  }
}

function notesOf(credential: CredentialInspection): string[] {
  if (credential.kind === 'secret') return credential.notes;
  return credential.found?.notes ?? [];
}

function lessonRow(lesson: LessonLink): MessageView['components'][number] {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Lesson: two tokens, two jobs',
        emoji: { name: '📘' },
        custom_id: encodeRoute({ kind: 'lesson.open', lessonId: lesson.lessonId, page: lesson.page }),
      },
    ],
  };
}

/** Discord refuses a message whose embeds hold more than 6,000 characters in all: fields go first, from the last embed up. */
function fitTotal(embeds: APIEmbed[]): APIEmbed[] {
  const size = (embed: APIEmbed) =>
    (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  let total = embeds.reduce((sum, embed) => sum + size(embed), 0);
  for (let index = embeds.length - 1; index >= 0 && total > 5900; index -= 1) {
    const embed = embeds[index] as APIEmbed;
    while (total > 5900 && (embed.fields?.length ?? 0) > 0) {
      const removed = embed.fields?.pop() as APIEmbedField;
      total -= removed.name.length + removed.value.length;
    }
  }
  // Descriptions too, when several decoded tokens still do not fit.
  for (let index = embeds.length - 1; index >= 1 && total > 5900; index -= 1) {
    const embed = embeds[index] as APIEmbed;
    const before = embed.description?.length ?? 0;
    embed.description = `${(embed.description ?? '').slice(0, Math.max(0, before - (total - 5900) - 1))}…`;
    total -= before - embed.description.length;
  }
  return embeds;
}
