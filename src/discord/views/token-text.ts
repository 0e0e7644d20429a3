import { escapeTyped, truncate } from '../text.js';

/**
 * Pasted text is hostile until shown otherwise: no markdown, no masked links, no mentions, no
 * control or direction-changing characters, and bounded length.
 */
export function safeText(text: string, max = 300): string {
  const cleaned = neutralise(text)
    .replace(/@(everyone|here)/g, '@\u200b$1')
    .replace(/<([@#][!&]?\d+|t:\d+(:\w)?)>/g, '‹$1›');
  return escapeTyped(truncate(cleaned, max));
}

/** Control and direction-changing characters could hide or reorder what a member reads. */
export const neutralise = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '�');

/** Inside a code span markdown and mentions are inert; only a backtick could end it early. */
export const code = (text: string, max = 200) => `\`${truncate(neutralise(text).replace(/\n/g, ' ').replace(/`/g, 'ˋ'), max) || ' '}\``;

/** A sentence from the core, shown as one: reasons already end with a full stop, so none is added. */
export const sentence = (text: string, max = 300) => safeText(/[.!?]$/.test(text) ? text : `${text}.`, max);
