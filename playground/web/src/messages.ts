import type { APIAttachment, APIEmbed, APIMessage } from 'discord.js';
import type { PlaygroundMessage } from '../../../src/playground/protocol.js';
import { renderComponents } from './components.js';
import { EPHEMERAL, type ViewContext } from './context.js';
import { append, externalLink, h, safeUrl } from './dom.js';
import { colorHex, renderMarkdown } from './markdown.js';

const AVATAR_COLORS = ['#5865f2', '#3ba55c', '#faa61a', '#ed4245', '#eb459e', '#9b84ee'];

export function avatar(id: string, name: string): HTMLElement {
  const color = AVATAR_COLORS[Number(BigInt(id || '0') % BigInt(AVATAR_COLORS.length))] ?? '#5865f2';
  const element = h('div', { class: 'avatar' }, (name.trim()[0] ?? '?').toUpperCase());
  element.style.background = color;
  return element;
}

/** One message as Discord shows it: author line, markdown, embeds, attachments, components. */
export function renderMessage(entry: PlaygroundMessage, context: ViewContext): HTMLElement {
  const { message } = entry;
  const author = message.author;
  const name = context.state.userName(author.id) ?? author.global_name ?? author.username;
  const ephemeral = entry.visibleTo !== null && ((message.flags ?? 0) & EPHEMERAL) !== 0;
  const element = h('article', {
    class: `message${ephemeral ? ' ephemeral' : ''}${entry.loading ? ' loading' : ''}`,
    data: { messageId: message.id },
    on: {
      contextmenu: (event) => {
        event.preventDefault();
        context.openMessageMenu(message, event.clientX, event.clientY);
      },
    },
  });
  if (entry.invokedBy) {
    const who = context.state.userName(entry.invokedBy.userId) ?? 'someone';
    element.append(h('div', { class: 'invoked-by' }, h('span', { class: 'mention' }, `@${who}`), ` used `, h('span', { class: 'command-name' }, `/${entry.invokedBy.commandName}`)));
  }
  const referenced = (message.embeds ?? []).flatMap((embed) => [embed.image?.url, embed.thumbnail?.url]).filter((url): url is string => Boolean(url?.startsWith('attachment://')));
  const hiddenFiles = new Set(referenced.map((url) => url.slice('attachment://'.length)));
  const body = h(
    'div',
    { class: 'message-body' },
    h(
      'header',
      {},
      h('span', { class: 'author' }, name),
      author.bot ? h('span', { class: 'app-tag' }, 'APP') : null,
      h('time', { class: 'posted', attrs: { datetime: message.timestamp } }, new Date(message.timestamp).toLocaleTimeString('en-GB', { timeStyle: 'short' })),
      message.edited_timestamp ? h('span', { class: 'edited' }, '(edited)') : null,
    ),
    entry.loading ? h('div', { class: 'thinking' }, `${name} is thinking`, h('span', { class: 'dots' }, '…')) : null,
    message.content ? renderMarkdown(message.content, context.names) : null,
    (message.embeds ?? []).map((embed) => renderEmbed(embed, message.attachments ?? [], context)),
    renderAttachments((message.attachments ?? []).filter((file) => !hiddenFiles.has(file.filename))),
    entry.loading ? null : renderComponents(message, context),
    ephemeral
      ? h(
          'div',
          { class: 'ephemeral-note' },
          h('span', { class: 'eye' }, '👁'),
          ' Only you can see this • ',
          h('button', { class: 'link-button dismiss', attrs: { type: 'button' }, on: { click: () => context.act({ type: 'dismiss', asMember: context.state.memberId, messageId: message.id }) } }, 'Dismiss message'),
        )
      : null,
  );
  const menuButton = h(
    'button',
    {
      class: 'message-menu-button',
      title: 'More',
      attrs: { type: 'button', 'aria-label': 'Message actions' },
      on: {
        click: (event) => {
          const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
          context.openMessageMenu(message, rect.left, rect.bottom);
        },
      },
    },
    '⋯',
  );
  element.append(h('div', { class: 'message-row' }, avatar(author.id, name), body, menuButton));
  return element;
}

function resolveImage(url: string | undefined, attachments: APIAttachment[]): string | undefined {
  if (!url) return undefined;
  if (url.startsWith('attachment://')) return safeUrl(attachments.find((file) => file.filename === url.slice('attachment://'.length))?.url);
  return safeUrl(url);
}

export function renderEmbed(embed: APIEmbed, attachments: APIAttachment[], context: ViewContext): HTMLElement {
  const element = h('div', { class: 'embed' });
  if (embed.color !== undefined && embed.color !== null) element.style.borderLeftColor = colorHex(embed.color);
  const thumbnail = resolveImage(embed.thumbnail?.url, attachments);
  const image = resolveImage(embed.image?.url, attachments);
  const fields = embed.fields ?? [];
  append(element, [
    h(
      'div',
      { class: 'embed-grid' },
      h(
        'div',
        { class: 'embed-main' },
        embed.author ? h('div', { class: 'embed-author' }, embed.author.url ? externalLink(embed.author.url, embed.author.name) : embed.author.name) : null,
        embed.title ? h('div', { class: 'embed-title' }, embed.url ? externalLink(embed.url, embed.title) : embed.title) : null,
        embed.description ? h('div', { class: 'embed-description' }, renderMarkdown(embed.description, context.names)) : null,
        fields.length > 0
          ? h(
              'div',
              { class: 'embed-fields' },
              fields.map((field) =>
                h('div', { class: `embed-field${field.inline ? ' inline' : ''}` }, h('div', { class: 'embed-field-name' }, renderMarkdown(field.name, context.names)), h('div', { class: 'embed-field-value' }, renderMarkdown(field.value, context.names))),
              ),
            )
          : null,
      ),
      thumbnail ? h('img', { class: 'embed-thumbnail', attrs: { src: thumbnail, alt: '' } }) : null,
    ),
    image ? h('img', { class: 'embed-image', attrs: { src: image, alt: embed.image?.url ?? '' } }) : null,
    embed.footer || embed.timestamp
      ? h(
          'div',
          { class: 'embed-footer' },
          embed.footer?.text ?? null,
          embed.footer?.text && embed.timestamp ? ' • ' : null,
          embed.timestamp ? new Date(embed.timestamp).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' }) : null,
        )
      : null,
  ]);
  return element;
}

function renderAttachments(attachments: APIAttachment[]): HTMLElement | null {
  if (attachments.length === 0) return null;
  return h(
    'div',
    { class: 'attachments' },
    attachments.map((file) => {
      const url = safeUrl(file.url);
      if (url && (file.content_type ?? '').startsWith('image/')) return h('img', { class: 'attachment-image', attrs: { src: url, alt: file.filename } });
      return h('div', { class: 'attachment-file' }, h('span', { class: 'file-icon' }, '📄'), url ? externalLink(url, file.filename) : file.filename, h('span', { class: 'file-size' }, ` ${Math.ceil(file.size / 1024)} KB`));
    }),
  );
}

export function isMessageFromBot(message: APIMessage): boolean {
  return message.author.bot === true;
}
