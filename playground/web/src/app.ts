import type { APIMessage } from 'discord.js';
import type { PlaygroundRoleLabel, ServerFrame } from '../../../src/playground/protocol.js';
import { closeSelect } from './components.js';
import { Composer } from './composer.js';
import { MESSAGE_COMMAND, type Outgoing, type ViewContext } from './context.js';
import { append, clear, h } from './dom.js';
import type { MentionNames } from './markdown.js';
import { renderMessage } from './messages.js';
import { renderModal } from './modal.js';
import { PreviewPanel } from './preview.js';
import { PageState } from './state.js';

/**
 * The page shell: channels on the left, the chat in the middle, who you are at the top. It
 * draws from PageState and redraws the part a frame changed.
 */
export class App {
  readonly state = new PageState();
  readonly context: ViewContext;
  private readonly root = h('div', { class: 'app' });
  private readonly sidebar = h('nav', { class: 'sidebar', attrs: { 'aria-label': 'Channels' } });
  private readonly title = h('h1', { class: 'channel-title' });
  private readonly memberSelect = h('select', { class: 'member-switcher', attrs: { 'aria-label': 'Member' } });
  private readonly status = h('span', { class: 'status offline' }, 'connecting…');
  private readonly problems = h('section', { class: 'content-problems', attrs: { 'aria-label': 'Content problems' } });
  private readonly reload = h('div', { class: 'content-reload' });
  private readonly messages = h('div', { class: 'messages', attrs: { role: 'log', 'aria-live': 'polite' } });
  private readonly failure = h('div', { class: 'interaction-failure', attrs: { role: 'alert' } });
  private readonly menu = h('div', { class: 'context-menu', attrs: { role: 'menu' } });
  private readonly modalLayer = h('div', { class: 'modal-layer' });
  readonly side = h('aside', { class: 'side-panel' });
  private readonly composer: Composer;
  /** Messages that changed while the member had one of their menus open: redrawn when it closes. */
  private readonly heldBack: string[] = [];
  private readonly preview: PreviewPanel;
  private readonly previewToggle = h('button', { class: 'button secondary preview-toggle', attrs: { type: 'button', 'aria-pressed': 'false' } }, 'Lesson preview');
  private readonly addForm: HTMLFormElement;

  constructor(private readonly send: (frame: Outgoing) => string) {
    const state = this.state;
    const names: MentionNames = {
      user: (id) => state.userName(id),
      channel: (id) => state.snapshot?.channels.find((channel) => channel.id === id)?.name,
      role: (id) => {
        const role = state.snapshot?.roles.find((candidate) => candidate.id === id);
        return role ? { name: role.name, color: role.color } : undefined;
      },
    };
    this.context = { state, names, act: (frame) => this.send(frame), openMessageMenu: (message, x, y) => this.openMenu(message, x, y) };
    this.composer = new Composer(this.context);
    this.preview = new PreviewPanel(this.context);
    this.side.hidden = true;
    this.side.append(this.preview.element);
    this.previewToggle.addEventListener('click', () => {
      this.side.hidden = !this.side.hidden;
      this.previewToggle.setAttribute('aria-pressed', String(!this.side.hidden));
    });
    this.memberSelect.addEventListener('change', () => this.selectMember(this.memberSelect.value));
    const nameInput = h('input', { attrs: { type: 'text', placeholder: 'New member name', 'aria-label': 'New member name', required: true, maxlength: 32 } });
    const labelSelect = h('select', { attrs: { 'aria-label': 'New member role' } }, (['member', 'quiz host', 'moderator'] as PlaygroundRoleLabel[]).map((label) => h('option', { attrs: { value: label } }, label)));
    this.addForm = h(
      'form',
      {
        class: 'add-member',
        on: {
          submit: (event) => {
            event.preventDefault();
            this.send({ type: 'add-member', asMember: state.memberId, name: nameInput.value.trim(), label: labelSelect.value as PlaygroundRoleLabel });
            nameInput.value = '';
          },
        },
      },
      nameInput,
      labelSelect,
      h('button', { class: 'button secondary', attrs: { type: 'submit' } }, 'Add member'),
    );
    document.addEventListener('click', (event) => {
      if (!this.menu.contains(event.target as Node)) this.menu.hidden = true;
      for (const open of document.querySelectorAll('.select.open')) if (!open.contains(event.target as Node)) closeSelect(open);
    });
    this.menu.hidden = true;
    // Open menus float at fixed places: scrolling the messages closes them, as Discord does.
    this.messages.addEventListener('scroll', () => {
      for (const open of document.querySelectorAll('.select.open')) closeSelect(open);
    });
    this.messages.addEventListener('select-closed', () => {
      for (const id of this.heldBack.splice(0)) this.renderOneMessage(id);
    });
    const chat = h(
      'main',
      { class: 'chat' },
      h('header', { class: 'chat-header' }, this.title, h('span', { class: 'spacer' }), this.previewToggle, h('label', { class: 'acting-as' }, 'You are ', this.memberSelect), this.status),
      this.problems,
      this.reload,
      this.messages,
      this.failure,
      this.composer.element,
    );
    this.root.append(this.sidebar, chat, this.side);
    document.body.append(this.root, this.menu, this.modalLayer);
  }

  handle(frame: ServerFrame): void {
    const change = this.state.apply(frame);
    if (change === 'all') {
      this.pickDefaults();
      this.renderAll();
    } else if (change === 'messages') this.renderMessages();
    else if (change === 'modal') this.renderModalLayer();
    else if (change === 'content') this.renderContent();
    else if (change === 'failure') this.renderFailure();
    else if (typeof change === 'object') this.renderOneMessage(change.message.message.id);
  }

  setOnline(online: boolean): void {
    this.status.className = `status ${online ? 'online' : 'offline'}`;
    this.status.textContent = online ? 'live' : 'reconnecting…';
  }

  /** ?member= and ?channel= pick who and where, so two tabs can be two members. */
  private pickDefaults(): void {
    const snapshot = this.state.snapshot;
    if (!snapshot) return;
    const params = new URLSearchParams(location.search);
    const wanted = (this.state.memberId || params.get('member') || '').toLowerCase();
    // ?member= takes an id, a name or a role label ("quiz host": the first member with it).
    const member =
      snapshot.members.find((candidate) => [candidate.user.id, candidate.user.username.toLowerCase(), (candidate.user.global_name ?? '').toLowerCase()].includes(wanted)) ??
      snapshot.members.find((candidate) => candidate.label === wanted) ??
      snapshot.members[0];
    this.state.memberId = member?.user.id ?? '';
    const channelWanted = this.state.channelId || params.get('channel') || 'general';
    const channel = snapshot.channels.find((candidate) => candidate.id === channelWanted || candidate.name === channelWanted.replace(/^#/, '')) ?? snapshot.channels.find((candidate) => candidate.kind === 'text');
    this.state.channelId = channel?.id ?? '';
  }

  selectMember(id: string): void {
    this.state.memberId = id;
    const current = this.state.snapshot?.channels.find((channel) => channel.id === this.state.channelId);
    if (current?.kind === 'dm') this.state.channelId = this.dmChannel()?.id ?? '';
    this.updateUrl();
    this.renderAll();
  }

  selectChannel(id: string): void {
    this.state.channelId = id;
    this.composer.reset();
    this.updateUrl();
    this.renderAll();
  }

  private updateUrl(): void {
    const params = new URLSearchParams(location.search);
    params.set('member', this.state.memberId);
    const channel = this.state.snapshot?.channels.find((candidate) => candidate.id === this.state.channelId);
    if (channel?.kind === 'text') params.set('channel', channel.name);
    else params.delete('channel');
    history.replaceState(null, '', `?${params.toString()}`);
  }

  private dmChannel() {
    return this.state.snapshot?.channels.find((channel) => channel.kind === 'dm' && channel.recipientId === this.state.memberId);
  }

  renderAll(): void {
    this.renderSidebar();
    this.renderHeader();
    this.renderContent();
    this.renderMessages();
    this.renderModalLayer();
    this.renderFailure();
  }

  private renderSidebar(): void {
    const snapshot = this.state.snapshot;
    clear(this.sidebar);
    if (!snapshot) return;
    const entry = (id: string, text: string, className: string) =>
      h('button', { class: `channel ${className}${id === this.state.channelId ? ' active' : ''}`, attrs: { type: 'button', 'aria-current': id === this.state.channelId ? 'page' : undefined }, on: { click: () => this.selectChannel(id) } }, text);
    const dm = this.dmChannel();
    append(this.sidebar, [
      h('div', { class: 'guild-name' }, snapshot.guild.name),
      h('div', { class: 'sidebar-heading' }, 'Text channels'),
      snapshot.channels.filter((channel) => channel.kind === 'text').map((channel) => entry(channel.id, `# ${channel.name}`, 'text')),
      h('div', { class: 'sidebar-heading' }, 'Direct messages'),
      dm ? entry(dm.id, `@ ${snapshot.bot.username}`, 'dm') : h('div', { class: 'sidebar-note' }, 'No direct messages yet'),
      h('div', { class: 'sidebar-heading' }, 'Members'),
      this.addForm,
    ]);
  }

  private renderHeader(): void {
    const snapshot = this.state.snapshot;
    if (!snapshot) return;
    const channel = snapshot.channels.find((candidate) => candidate.id === this.state.channelId);
    this.title.textContent = channel ? (channel.kind === 'dm' ? `@ ${snapshot.bot.username}` : `# ${channel.name}`) : '';
    this.composer.setPlaceholder(channel?.kind === 'dm' ? `@${snapshot.bot.username}` : `#${channel?.name ?? ''}`);
    clear(this.memberSelect);
    for (const member of snapshot.members) {
      const option = h('option', { attrs: { value: member.user.id } }, `${member.user.global_name ?? member.user.username} (${member.label})`);
      option.selected = member.user.id === this.state.memberId;
      this.memberSelect.append(option);
    }
  }

  private renderContent(): void {
    const problems = this.state.snapshot?.contentProblems ?? [];
    clear(this.problems);
    this.problems.hidden = problems.length === 0;
    if (problems.length > 0) {
      this.problems.append(h('strong', {}, `${problems.length} content problem${problems.length === 1 ? '' : 's'} — the last good lessons keep serving`), h('ul', {}, problems.map((problem) => h('li', {}, h('code', {}, problem)))));
    }
    const reload = this.state.lastReload;
    this.reload.hidden = !reload;
    this.preview.refresh();
    if (reload) this.reload.textContent = `Content reloaded at ${new Date(reload.reloadedAt).toLocaleTimeString('en-GB')}: ${reload.lessons} lessons`;
  }

  private renderMessages(): void {
    clear(this.messages);
    const visible = this.state.visibleMessages();
    if (visible.length === 0) this.messages.append(h('div', { class: 'empty-channel' }, 'No messages here yet. Type / to run a command.'));
    for (const entry of visible) this.messages.append(renderMessage(entry, this.context));
    this.messages.scrollTop = this.messages.scrollHeight;
  }

  private renderOneMessage(id: string): void {
    const entry = this.state.visibleMessages().find((candidate) => candidate.message.id === id);
    const existing = this.messages.querySelector(`[data-message-id="${CSS.escape(id)}"]`);
    if (!entry) {
      existing?.remove();
      return;
    }
    if (existing?.querySelector('.select.open')) {
      if (!this.heldBack.includes(id)) this.heldBack.push(id);
      return;
    }
    const nearBottom = this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 120;
    const element = renderMessage(entry, this.context);
    if (existing) existing.replaceWith(element);
    else {
      this.messages.querySelector('.empty-channel')?.remove();
      this.messages.append(element);
    }
    if (nearBottom || !existing) this.messages.scrollTop = this.messages.scrollHeight;
  }

  private renderModalLayer(): void {
    clear(this.modalLayer);
    const open = this.state.modals.get(this.state.memberId);
    if (!open) return;
    this.modalLayer.append(
      renderModal(open, this.context, () => {
        this.state.modals.delete(this.state.memberId);
        this.renderModalLayer();
      }),
    );
  }

  private renderFailure(): void {
    const last = [...this.state.failures].reverse().find((failure) => failure.memberId === this.state.memberId);
    clear(this.failure);
    this.failure.hidden = !last;
    for (const pending of this.messages.querySelectorAll('.pending')) pending.classList.remove('pending');
    if (last) this.failure.append(h('span', { class: 'failure-icon' }, '⚠'), ' This interaction failed', h('span', { class: 'failure-reason' }, ` — ${last.reason}`));
  }

  private openMenu(message: APIMessage, x: number, y: number): void {
    const apps = (this.state.snapshot?.commands ?? []).filter((command) => command.type === MESSAGE_COMMAND);
    clear(this.menu);
    append(this.menu, [
      h('div', { class: 'menu-heading' }, 'Apps'),
      apps.length === 0 ? h('div', { class: 'menu-empty' }, 'No apps') : null,
      apps.map((command) =>
        h(
          'button',
          {
            class: 'menu-item',
            attrs: { type: 'button', role: 'menuitem' },
            on: {
              click: () => {
                this.menu.hidden = true;
                this.send({ type: 'message-command', asMember: this.state.memberId, name: command.name, messageId: message.id });
              },
            },
          },
          command.name,
        ),
      ),
    ]);
    this.menu.style.left = `${Math.min(x, window.innerWidth - 220)}px`;
    this.menu.style.top = `${Math.min(y, window.innerHeight - 160)}px`;
    setTimeout(() => (this.menu.hidden = false));
  }
}
