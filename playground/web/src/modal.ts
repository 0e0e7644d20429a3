import type { APITextInputComponent } from 'discord.js';
import { Component, type ViewContext } from './context.js';
import { h } from './dom.js';
import type { OpenModal } from './state.js';

interface Field {
  label: string;
  description?: string;
  input: APITextInputComponent;
}

/** Text inputs sit in action rows (classic modals) or in labels (the newer layout). */
function modalFields(open: OpenModal): Field[] {
  const fields: Field[] = [];
  for (const entry of open.modal.components as unknown as { type: number; label?: string; description?: string; component?: APITextInputComponent; components?: APITextInputComponent[] }[]) {
    if (entry.type === Component.Label && entry.component?.type === Component.TextInput) fields.push({ label: entry.label ?? '', description: entry.description, input: entry.component });
    if (entry.type === Component.ActionRow) {
      for (const input of entry.components ?? []) if (input.type === Component.TextInput) fields.push({ label: (input as { label?: string }).label ?? '', input });
    }
  }
  return fields;
}

/** The bot's modal for this member: its text inputs, Cancel, and Submit as an interaction. */
export function renderModal(open: OpenModal, context: ViewContext, close: () => void): HTMLElement {
  const fields = modalFields(open);
  const inputs = fields.map(({ input }) => {
    const attrs = {
      'data-custom-id': input.custom_id,
      placeholder: input.placeholder,
      required: input.required !== false,
      minlength: input.min_length,
      maxlength: input.max_length,
    };
    const element = input.style === 2 ? h('textarea', { attrs: { ...attrs, rows: 4 } }) : h('input', { attrs: { ...attrs, type: 'text' } });
    element.value = input.value ?? '';
    return element;
  });
  const form = h(
    'form',
    {
      class: 'modal',
      attrs: { role: 'dialog', 'aria-label': open.modal.title },
      on: {
        submit: (event) => {
          event.preventDefault();
          if (!form.reportValidity()) return;
          context.act({
            type: 'modal-submit',
            asMember: context.state.memberId,
            interactionId: open.interactionId,
            customId: open.modal.custom_id,
            fields: fields.map((field, index) => ({ customId: field.input.custom_id, value: inputs[index]!.value })),
          });
          close();
        },
      },
    },
    h('h2', {}, open.modal.title),
    fields.map((field, index) =>
      h(
        'label',
        { class: 'modal-field' },
        h('span', { class: 'modal-label' }, field.label, field.input.required !== false ? h('span', { class: 'required' }, ' *') : null),
        field.description ? h('span', { class: 'modal-description' }, field.description) : null,
        inputs[index]!,
      ),
    ),
    h('div', { class: 'modal-actions' }, h('button', { class: 'link-button', attrs: { type: 'button' }, on: { click: close } }, 'Cancel'), h('button', { class: 'button primary', attrs: { type: 'submit' } }, 'Submit')),
  );
  const overlay = h('div', { class: 'modal-overlay' }, form);
  queueMicrotask(() => inputs[0]?.focus());
  return overlay;
}
