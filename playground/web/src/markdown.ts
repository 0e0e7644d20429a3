import { parse } from 'discord-markdown-parser';
import { append, externalLink, h, type Children } from './dom.js';

/** What a mention needs to show as a pill: names, never a ping. */
export interface MentionNames {
  user(id: string): string | undefined;
  channel(id: string): string | undefined;
  role(id: string): { name: string; color: number } | undefined;
}

interface Node {
  type: string;
  content?: string | Node[];
  [key: string]: unknown;
}

const LIST_ITEM = /^(\s*)([-*]|\d+\.)\s+(.*)$/;
const FENCE = /^```/;

/**
 * Discord markdown to DOM nodes. discord-markdown-parser gives the inline and block syntax tree
 * (bold, code, quotes, spoilers, mentions, timestamps, masked links); bulleted and numbered
 * lists, which it leaves as text, are grouped here line by line outside code fences.
 */
export function renderMarkdown(text: string, names: MentionNames): HTMLElement {
  const root = h('div', { class: 'markdown' });
  for (const block of splitLists(text)) {
    if (block.kind === 'text') append(root, renderNodes(parse(block.text, 'extended') as Node[], names));
    else {
      const list = h(block.ordered ? 'ol' : 'ul', { attrs: { start: block.ordered ? block.start : undefined } });
      for (const item of block.items) list.append(h('li', {}, renderNodes(parse(item, 'normal') as Node[], names)));
      root.append(list);
    }
  }
  return root;
}

type Block = { kind: 'text'; text: string } | { kind: 'list'; ordered: boolean; start: number; items: string[] };

function splitLists(text: string): Block[] {
  const blocks: Block[] = [];
  let inFence = false;
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length > 0) blocks.push({ kind: 'text', text: buffer.join('\n') });
    buffer = [];
  };
  for (const line of text.split('\n')) {
    if (FENCE.test(line.trim())) inFence = !inFence;
    const item = inFence ? null : LIST_ITEM.exec(line);
    if (!item) {
      buffer.push(line);
      continue;
    }
    flush();
    const ordered = /\d/.test(item[2]!);
    const last = blocks[blocks.length - 1];
    if (last?.kind === 'list' && last.ordered === ordered) last.items.push(item[3]!);
    else blocks.push({ kind: 'list', ordered, start: ordered ? Number.parseInt(item[2]!, 10) : 1, items: [item[3]!] });
  }
  flush();
  return blocks;
}

function renderNodes(nodes: Node[], names: MentionNames): Children[] {
  return nodes.map((node) => renderNode(node, names));
}

function inner(node: Node, names: MentionNames): Children {
  return typeof node.content === 'string' ? node.content : renderNodes(node.content ?? [], names);
}

function renderNode(node: Node, names: MentionNames): Children {
  switch (node.type) {
    case 'text':
      return String(node.content ?? '');
    case 'br':
    case 'newline':
      return h('br');
    case 'strong':
      return h('strong', {}, inner(node, names));
    case 'em':
      return h('em', {}, inner(node, names));
    case 'underline':
      return h('u', {}, inner(node, names));
    case 'strikethrough':
      return h('s', {}, inner(node, names));
    case 'inlineCode':
      return h('code', { class: 'inline-code' }, String(node.content ?? ''));
    case 'codeBlock':
      return h('pre', { class: 'code-block', data: { lang: String(node.lang ?? '') } }, h('code', {}, String(node.content ?? '')));
    case 'blockQuote':
      return h('blockquote', {}, inner(node, names));
    case 'spoiler':
      return h('span', { class: 'spoiler', title: 'Spoiler', on: { click: (event) => (event.currentTarget as HTMLElement).classList.add('revealed') } }, inner(node, names));
    case 'heading':
      return h(`h${Math.min(Math.max(Number(node.level) || 1, 1), 3)}` as 'h1', { class: 'md-heading' }, inner(node, names));
    case 'subtext':
      return h('small', { class: 'subtext' }, inner(node, names));
    case 'link':
    case 'url':
    case 'autolink':
      return externalLink(String(node.target ?? ''), inner(node, names), 'md-link');
    case 'timestamp':
      return renderTimestamp(Number(node.timestamp), String(node.format ?? 'f'));
    case 'user':
      return pill(`@${names.user(String(node.id)) ?? 'unknown-user'}`, 'mention');
    case 'channel':
      return pill(`#${names.channel(String(node.id)) ?? 'unknown-channel'}`, 'mention');
    case 'role': {
      const role = names.role(String(node.id));
      const element = pill(`@${role?.name ?? 'unknown-role'}`, 'mention role-mention');
      if (role && role.color) element.style.setProperty('--role-color', colorHex(role.color));
      return element;
    }
    case 'everyone':
      return pill('@everyone', 'mention');
    case 'here':
      return pill('@here', 'mention');
    case 'emoji':
      return h('span', { class: 'custom-emoji', title: `:${String(node.name)}:` }, `:${String(node.name)}:`);
    case 'twemoji':
      return String(node.name ?? '');
    case 'slashCommand':
      return pill(`/${String(node.fullName ?? node.name ?? '')}`, 'mention');
    default:
      return typeof node.content === 'string' || Array.isArray(node.content) ? inner(node, names) : '';
  }
}

function pill(text: string, className: string): HTMLElement {
  return h('span', { class: className }, text);
}

export function colorHex(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** `<t:unix:style>` as Discord shows it, in the reader's own time zone. */
export function renderTimestamp(unixSeconds: number, style: string, now = Date.now()): HTMLElement {
  const date = new Date(unixSeconds * 1000);
  const full = date.toLocaleString('en-GB', { dateStyle: 'full', timeStyle: 'short' });
  return h('time', { class: 'timestamp', title: full, attrs: { datetime: date.toISOString() }, data: { style } }, formatTimestamp(date, style, now));
}

/** Relative times count down as on Discord ("in 30 seconds", then "in 29 seconds"…). */
export function tickRelativeTimes(root: ParentNode, now = Date.now()): void {
  for (const element of root.querySelectorAll<HTMLTimeElement>('time.timestamp[data-style="R"]')) {
    const text = formatTimestamp(new Date(element.dateTime), 'R', now);
    if (element.textContent !== text) element.textContent = text;
  }
}

function formatTimestamp(date: Date, style: string, now: number): string {
  switch (style) {
    case 't':
      return date.toLocaleTimeString('en-GB', { timeStyle: 'short' });
    case 'T':
      return date.toLocaleTimeString('en-GB', { timeStyle: 'medium' });
    case 'd':
      return date.toLocaleDateString('en-GB', { dateStyle: 'short' });
    case 'D':
      return date.toLocaleDateString('en-GB', { dateStyle: 'long' });
    case 'F':
      return date.toLocaleString('en-GB', { dateStyle: 'full', timeStyle: 'short' });
    case 'R': {
      const seconds = Math.round((date.getTime() - now) / 1000);
      const [unit, size] = UNITS.find(([, unitSeconds]) => Math.abs(seconds) >= unitSeconds) ?? ['second', 1];
      return relative.format(Math.round(seconds / size), unit);
    }
    default:
      return date.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short' });
  }
}
