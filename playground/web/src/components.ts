import type { APIButtonComponent, APIMessage, APISelectMenuComponent, APISelectMenuOption } from 'discord.js';
import { h, safeUrl } from './dom.js';
import { ButtonStyleName, Component, type ViewContext } from './context.js';

interface Row {
  type: number;
  components?: { type: number }[];
}

/** Action rows of buttons and select menus; a click becomes one interaction frame. */
export function renderComponents(message: APIMessage, context: ViewContext): HTMLElement | null {
  const rows = (message.components ?? []) as unknown as Row[];
  if (rows.length === 0) return null;
  return h(
    'div',
    { class: 'components' },
    rows.map((row) =>
      row.type === Component.ActionRow ? h('div', { class: 'action-row' }, (row.components ?? []).map((component) => renderComponent(component, message, context))) : null,
    ),
  );
}

function renderComponent(component: { type: number }, message: APIMessage, context: ViewContext): HTMLElement | null {
  if (component.type === Component.Button) return renderButton(component as APIButtonComponent, message, context);
  if ([Component.StringSelect, Component.UserSelect, Component.RoleSelect, Component.ChannelSelect, Component.MentionableSelect].includes(component.type as 3)) {
    return renderSelect(component as APISelectMenuComponent, message, context);
  }
  return null;
}

function emojiNode(emoji: { name?: string | null; id?: string | null } | undefined): HTMLElement | null {
  if (!emoji?.name) return null;
  return h('span', { class: 'emoji', title: emoji.id ? `:${emoji.name}:` : emoji.name }, emoji.id ? `:${emoji.name}:` : emoji.name);
}

function renderButton(button: APIButtonComponent, message: APIMessage, context: ViewContext): HTMLElement {
  const style = ButtonStyleName[button.style] ?? 'secondary';
  const label = 'label' in button ? button.label : undefined;
  const emoji = 'emoji' in button ? button.emoji : undefined;
  const content = [emojiNode(emoji), label ? h('span', { class: 'label' }, label) : null];
  if ('url' in button && button.url) {
    const href = safeUrl(button.url);
    return h('a', { class: `button ${style}`, attrs: { href, target: '_blank', rel: 'noopener noreferrer', role: 'button' } }, content, h('span', { class: 'external' }, '↗'));
  }
  const customId = 'custom_id' in button ? button.custom_id : '';
  const element = h(
    'button',
    {
      class: `button ${style}`,
      attrs: { type: 'button', disabled: button.disabled === true },
      on: {
        click: () => {
          // Busy until the bot redraws this message, or for Discord's 3 s if it answers elsewhere.
          element.classList.add('pending');
          setTimeout(() => element.classList.remove('pending'), 3000);
          context.act({ type: 'button', asMember: context.state.memberId, messageId: message.id, customId });
        },
      },
    },
    content,
  );
  return element;
}

interface Choice {
  value: string;
  label: string;
  description?: string;
  emoji?: { name?: string | null; id?: string | null };
  selected: boolean;
}

function selectChoices(menu: APISelectMenuComponent, context: ViewContext): Choice[] {
  const snapshot = context.state.snapshot;
  const defaults = new Set(('default_values' in menu ? (menu.default_values ?? []) : []).map((value) => value.id));
  switch (menu.type as number) {
    case Component.StringSelect:
      return ((menu as { options: APISelectMenuOption[] }).options ?? []).map((option) => ({
        value: option.value,
        label: option.label,
        description: option.description,
        emoji: option.emoji,
        selected: option.default === true,
      }));
    case Component.ChannelSelect:
      return (snapshot?.channels ?? []).filter((channel) => channel.kind === 'text').map((channel) => ({ value: channel.id, label: `#${channel.name}`, selected: defaults.has(channel.id) }));
    case Component.RoleSelect:
      return (snapshot?.roles ?? []).filter((role) => role.id !== snapshot?.guild.id).map((role) => ({ value: role.id, label: `@${role.name}`, selected: defaults.has(role.id) }));
    default:
      return (snapshot?.members ?? []).map((member) => ({ value: member.user.id, label: member.user.global_name ?? member.user.username, selected: defaults.has(member.user.id) }));
  }
}

/**
 * A select menu as Discord draws it: closed it shows the placeholder or the default choices;
 * open it lists the choices. With one value a click sends it; with several the member ticks
 * between min_values and max_values and the choice is sent when the menu closes.
 */
function renderSelect(menu: APISelectMenuComponent, message: APIMessage, context: ViewContext): HTMLElement {
  const choices = selectChoices(menu, context);
  const min = menu.min_values ?? 1;
  const max = Math.min(menu.max_values ?? 1, Math.max(choices.length, 1));
  const multiple = max > 1;
  const picked = new Set<string>(choices.filter((choice) => choice.selected).map((choice) => choice.value));
  const summary = () => {
    const labels = choices.filter((choice) => picked.has(choice.value)).map((choice) => choice.label);
    return labels.length > 0 ? labels.join(', ') : (menu.placeholder ?? 'Make a selection');
  };
  const shown = h('span', { class: picked.size > 0 ? 'value' : 'placeholder' }, summary());
  const list = h('div', { class: 'select-options', attrs: { role: 'listbox', 'aria-multiselectable': multiple } });
  const wrapper = h('div', { class: 'select', data: { customId: menu.custom_id } });
  const done = h('button', { class: 'button primary select-done', attrs: { type: 'button' } }, 'Done');
  const send = () => {
    closeSelect(wrapper);
    wrapper.classList.add('pending');
    context.act({ type: 'select', asMember: context.state.memberId, messageId: message.id, customId: menu.custom_id, values: [...picked] });
  };
  const refresh = () => {
    for (const element of list.querySelectorAll<HTMLElement>('.select-option')) {
      const isPicked = picked.has(element.dataset.value ?? '');
      element.classList.toggle('picked', isPicked);
      element.setAttribute('aria-selected', String(isPicked));
      element.toggleAttribute('aria-disabled', multiple && !isPicked && picked.size >= max);
    }
    (done as HTMLButtonElement).disabled = picked.size < min || picked.size > max;
    done.textContent = multiple ? `Done (${picked.size} of ${min === max ? max : `${min}–${max}`})` : 'Done';
  };
  for (const choice of choices) {
    list.append(
      h(
        'div',
        {
          class: 'select-option',
          attrs: { role: 'option' },
          data: { value: choice.value },
          on: {
            click: () => {
              if (!multiple) {
                picked.clear();
                picked.add(choice.value);
                send();
                return;
              }
              if (picked.has(choice.value)) picked.delete(choice.value);
              else if (picked.size < max) picked.add(choice.value);
              refresh();
            },
          },
        },
        multiple ? h('span', { class: 'checkbox' }) : null,
        emojiNode(choice.emoji),
        h('span', { class: 'option-text' }, h('span', { class: 'option-label' }, choice.label), choice.description ? h('span', { class: 'option-description' }, choice.description) : null),
      ),
    );
  }
  if (multiple) {
    done.addEventListener('click', send);
    list.append(h('div', { class: 'select-footer' }, done));
  }
  const disabled = menu.disabled === true;
  const trigger = h(
    'button',
    {
      class: 'select-trigger',
      attrs: { type: 'button', disabled, 'aria-haspopup': 'listbox' },
      on: {
        click: () => {
          const opening = !wrapper.classList.contains('open');
          if (!opening) return closeSelect(wrapper);
          wrapper.classList.add('open');
          placeBelowOrAbove(trigger, list);
          refresh();
        },
      },
    },
    shown,
    h('span', { class: 'chevron' }, '▾'),
  );
  wrapper.append(trigger, list);
  return wrapper;
}

/**
 * The open list floats over the page (fixed), so the scrolling message list never clips it;
 * it opens downwards unless there is more room above, as Discord's does.
 */
function placeBelowOrAbove(trigger: HTMLElement, list: HTMLElement): void {
  const rect = trigger.getBoundingClientRect();
  const below = window.innerHeight - rect.bottom;
  const height = Math.min(320, Math.max(below, rect.top) - 12);
  list.style.left = `${rect.left}px`;
  list.style.width = `${rect.width}px`;
  list.style.maxHeight = `${height}px`;
  if (below >= Math.min(320, rect.top) || below >= 200) {
    list.style.top = `${rect.bottom + 4}px`;
    list.style.bottom = '';
  } else {
    list.style.top = '';
    list.style.bottom = `${window.innerHeight - rect.top + 4}px`;
  }
}

/** Closing tells the page, which held back redrawing this message while the member was choosing. */
export function closeSelect(wrapper: Element): void {
  if (!wrapper.classList.contains('open')) return;
  wrapper.classList.remove('open');
  wrapper.dispatchEvent(new CustomEvent('select-closed', { bubbles: true }));
}
