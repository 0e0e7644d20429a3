import type { APIApplicationCommand, APIApplicationCommandOption, APIApplicationCommandOptionChoice } from 'discord.js';
import type { ComposedOption } from '../../../src/playground/protocol.js';
import { CHAT_INPUT, OptionType, type ViewContext } from './context.js';
import { append, clear, h } from './dom.js';

/** One runnable slash command: a command, or one of its subcommands (inside a group or not). */
interface CommandPath {
  name: string;
  group?: string;
  subcommand?: string;
  description: string;
  options: APIApplicationCommandOption[];
}

const ADMINISTRATOR = 1n << 3n;

/** Discord lists a command only to members holding every permission in its default_member_permissions. */
export function mayUse(command: APIApplicationCommand, memberPermissions: string | undefined): boolean {
  if (command.default_member_permissions === null || command.default_member_permissions === undefined) return true;
  const held = BigInt(memberPermissions ?? '0');
  const needed = BigInt(command.default_member_permissions);
  return (held & ADMINISTRATOR) !== 0n || (needed !== 0n && (held & needed) === needed);
}

export function commandPaths(commands: APIApplicationCommand[], memberPermissions?: string): CommandPath[] {
  const paths: CommandPath[] = [];
  for (const command of commands.filter((candidate) => (candidate.type ?? CHAT_INPUT) === CHAT_INPUT && mayUse(candidate, memberPermissions))) {
    const options = command.options ?? [];
    const subcommands = options.filter((option) => option.type === OptionType.Subcommand || option.type === OptionType.SubcommandGroup);
    if (subcommands.length === 0) {
      paths.push({ name: command.name, description: command.description, options });
      continue;
    }
    for (const option of subcommands) {
      if (option.type === OptionType.Subcommand) paths.push({ name: command.name, subcommand: option.name, description: option.description, options: option.options ?? [] });
      else if (option.type === OptionType.SubcommandGroup) {
        for (const sub of option.options ?? []) paths.push({ name: command.name, group: option.name, subcommand: sub.name, description: sub.description, options: sub.options ?? [] });
      }
    }
  }
  return paths;
}

const label = (path: CommandPath) => ['/' + path.name, path.group, path.subcommand].filter(Boolean).join(' ');

interface FieldState {
  option: APIApplicationCommandOption;
  /** The value sent; for an autocomplete choice it differs from the text shown. */
  read(): string | number | boolean | undefined;
  element: HTMLElement;
}

/**
 * The message box: plain text is sent as the member; `/` opens the command list, and a chosen
 * command becomes a form with one typed field per option, autocomplete answered by the bot.
 */
export class Composer {
  readonly element = h('div', { class: 'composer' });
  private readonly popup = h('div', { class: 'command-popup', attrs: { role: 'listbox' } });
  private readonly input = h('textarea', { class: 'message-input', attrs: { rows: 1, 'aria-label': 'Message' } });
  private readonly form = h('form', { class: 'command-form' });
  private current: CommandPath | undefined;
  private fields: FieldState[] = [];

  constructor(private readonly context: ViewContext) {
    this.input.addEventListener('input', () => this.showPopup());
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        const first = this.popup.querySelector<HTMLElement>('.command-choice');
        if (this.input.value.startsWith('/') && first) first.click();
        else this.sendText();
      }
      if (event.key === 'Escape') this.reset();
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.runCommand();
    });
    this.element.append(this.popup, this.form, this.input);
    this.reset();
  }

  setPlaceholder(channelName: string): void {
    this.input.placeholder = `Message ${channelName} — type / for commands`;
  }

  reset(): void {
    this.current = undefined;
    this.fields = [];
    clear(this.form);
    clear(this.popup);
    this.form.hidden = true;
    this.popup.hidden = true;
    this.input.hidden = false;
    this.input.value = '';
  }

  private sendText(): void {
    const content = this.input.value.trim();
    if (!content) return;
    this.context.act({ type: 'send', asMember: this.context.state.memberId, channelId: this.context.state.channelId, content });
    this.input.value = '';
  }

  private showPopup(): void {
    clear(this.popup);
    const text = this.input.value;
    if (!text.startsWith('/')) {
      this.popup.hidden = true;
      return;
    }
    const query = text.slice(1).trim().toLowerCase();
    const snapshot = this.context.state.snapshot;
    const permissions = snapshot?.members.find((member) => member.user.id === this.context.state.memberId)?.permissions;
    const paths = commandPaths(snapshot?.commands ?? [], permissions).filter((path) => label(path).slice(1).startsWith(query) || path.name.startsWith(query.split(' ')[0] ?? ''));
    this.popup.hidden = false;
    append(this.popup, [
      h('div', { class: 'popup-title' }, 'Commands'),
      paths.length === 0 ? h('div', { class: 'command-none' }, 'No commands match') : null,
      paths.map((path) =>
        h(
          'div',
          { class: 'command-choice', attrs: { role: 'option' }, data: { command: label(path) }, on: { click: () => this.choose(path) } },
          h('span', { class: 'command-name' }, label(path)),
          h('span', { class: 'command-description' }, path.description),
        ),
      ),
    ]);
  }

  private choose(path: CommandPath): void {
    this.current = path;
    this.input.hidden = true;
    this.popup.hidden = true;
    this.form.hidden = false;
    clear(this.form);
    this.fields = path.options.map((option) => this.field(path, option));
    append(this.form, [
      h('span', { class: 'command-chip' }, label(path)),
      this.fields.map((field) => field.element),
      h('button', { class: 'button primary send-command', attrs: { type: 'submit' } }, 'Send'),
      h('button', { class: 'link-button cancel-command', attrs: { type: 'button' }, on: { click: () => this.reset() } }, 'Cancel'),
    ]);
    this.form.querySelector<HTMLElement>('input, select')?.focus();
  }

  private composed(except?: string): ComposedOption[] {
    const options: ComposedOption[] = [];
    for (const field of this.fields) {
      if (field.option.name === except) continue;
      const value = field.read();
      if (value !== undefined) options.push({ name: field.option.name, value });
    }
    return options;
  }

  private runCommand(): void {
    const path = this.current;
    if (!path) return;
    const missing = this.fields.filter((field) => 'required' in field.option && field.option.required && field.read() === undefined);
    for (const field of this.fields) field.element.classList.toggle('missing', missing.includes(field));
    if (missing.length > 0) return;
    this.context.act({ type: 'slash', asMember: this.context.state.memberId, channelId: this.context.state.channelId, name: path.name, group: path.group, subcommand: path.subcommand, options: this.composed() });
    this.reset();
  }

  private field(path: CommandPath, option: APIApplicationCommandOption): FieldState {
    const required = 'required' in option && option.required === true;
    const caption = h('span', { class: 'option-name', title: option.description }, option.name, required ? h('span', { class: 'required' }, '*') : null);
    const wrap = (control: HTMLElement, extra?: HTMLElement) => h('label', { class: 'option-field', data: { option: option.name } }, caption, control, extra ?? null);
    const choices = 'choices' in option ? (option.choices as APIApplicationCommandOptionChoice[] | undefined) : undefined;
    const pick = (entries: { value: string; label: string }[]) => {
      const select = h('select', { attrs: { 'aria-label': option.name } }, h('option', { attrs: { value: '' } }, '—'), entries.map((entry) => h('option', { attrs: { value: entry.value } }, entry.label)));
      return select;
    };
    const snapshot = this.context.state.snapshot;
    const typed = (raw: string): string | number | undefined => {
      if (raw === '') return undefined;
      if (option.type === OptionType.Integer) return Number.parseInt(raw, 10);
      if (option.type === OptionType.Number) return Number.parseFloat(raw);
      return raw;
    };
    if (choices && choices.length > 0) {
      const select = pick(choices.map((choice) => ({ value: String(choice.value), label: choice.name })));
      return { option, element: wrap(select), read: () => typed(select.value) };
    }
    switch (option.type) {
      case OptionType.Boolean: {
        const select = pick([
          { value: 'true', label: 'True' },
          { value: 'false', label: 'False' },
        ]);
        return { option, element: wrap(select), read: () => (select.value === '' ? undefined : select.value === 'true') };
      }
      case OptionType.Channel: {
        const select = pick((snapshot?.channels ?? []).filter((channel) => channel.kind === 'text').map((channel) => ({ value: channel.id, label: `#${channel.name}` })));
        return { option, element: wrap(select), read: () => typed(select.value) };
      }
      case OptionType.Role: {
        const select = pick((snapshot?.roles ?? []).map((role) => ({ value: role.id, label: `@${role.name}` })));
        return { option, element: wrap(select), read: () => typed(select.value) };
      }
      case OptionType.User:
      case OptionType.Mentionable: {
        const select = pick((snapshot?.members ?? []).map((member) => ({ value: member.user.id, label: member.user.global_name ?? member.user.username })));
        return { option, element: wrap(select), read: () => typed(select.value) };
      }
      case OptionType.Attachment: {
        // Discord uploads a file when it is picked; the command then names the upload by id.
        const input = h('input', { attrs: { type: 'file', 'aria-label': option.name } });
        const note = h('span', { class: 'upload-note' });
        let uploaded: string | undefined;
        input.addEventListener('change', () => {
          uploaded = undefined;
          const file = input.files?.[0];
          if (!file) return;
          note.textContent = 'uploading…';
          uploadFile(file)
            .then((id) => {
              uploaded = id;
              note.textContent = '✓';
            })
            .catch((error: unknown) => {
              note.textContent = `upload failed: ${error instanceof Error ? error.message : String(error)}`;
            });
        });
        return { option, element: wrap(input, note), read: () => uploaded };
      }
      default:
        return this.textField(path, option, wrap, typed);
    }
  }

  private textField(path: CommandPath, option: APIApplicationCommandOption, wrap: (control: HTMLElement, extra?: HTMLElement) => HTMLElement, typed: (raw: string) => string | number | undefined): FieldState {
    const numeric = option.type === OptionType.Integer || option.type === OptionType.Number;
    const attrs: Record<string, string | number | boolean | undefined> = { type: numeric ? 'number' : 'text', 'aria-label': option.name, placeholder: option.description, autocomplete: 'off' };
    if ('min_value' in option) attrs.min = option.min_value;
    if ('max_value' in option) attrs.max = option.max_value;
    if ('max_length' in option) attrs.maxlength = option.max_length;
    const input = h('input', { attrs });
    let chosen: { shown: string; value: string | number } | undefined;
    const read = () => (chosen && chosen.shown === input.value ? chosen.value : typed(input.value.trim()));
    if (!('autocomplete' in option && option.autocomplete)) return { option, element: wrap(input), read };

    const list = h('div', { class: 'autocomplete', attrs: { role: 'listbox' } });
    list.hidden = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let latest = '';
    const ask = () => {
      const requestId = this.context.act({
        type: 'autocomplete',
        asMember: this.context.state.memberId,
        channelId: this.context.state.channelId,
        name: path.name,
        group: path.group,
        subcommand: path.subcommand,
        options: [...this.composed(option.name), { name: option.name, value: input.value }],
        focused: option.name,
      });
      latest = requestId;
      this.context.state.autocompleteWaiters.set(requestId, (choices) => {
        if (requestId !== latest) return;
        clear(list);
        list.hidden = false;
        if (choices.length === 0) list.append(h('div', { class: 'autocomplete-empty' }, 'No matches'));
        for (const choice of choices) {
          list.append(
            h(
              'div',
              {
                class: 'autocomplete-choice',
                attrs: { role: 'option' },
                on: {
                  mousedown: (event) => {
                    event.preventDefault();
                    chosen = { shown: choice.name, value: choice.value };
                    input.value = choice.name;
                    list.hidden = true;
                  },
                },
              },
              choice.name,
            ),
          );
        }
      });
    };
    input.addEventListener('input', () => {
      chosen = undefined;
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener('focus', ask);
    input.addEventListener('blur', () => setTimeout(() => (list.hidden = true), 150));
    return { option, element: wrap(h('span', { class: 'autocomplete-wrap' }, input, list)), read };
  }
}

async function uploadFile(file: File): Promise<string> {
  const response = await fetch(`/uploads?filename=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const uploaded = (await response.json()) as { id: string };
  return uploaded.id;
}
