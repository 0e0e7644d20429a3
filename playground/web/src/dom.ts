/**
 * The one way the page builds DOM: elements and text nodes, never HTML strings, so text the
 * bot sent can never become markup.
 */
type Child = Node | string | number | null | undefined | false;
export type Children = Child | Children[];

interface Props {
  class?: string;
  title?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  data?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Children[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  if (props.title) element.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, value] of Object.entries(props.data ?? {})) element.dataset[name] = value;
  for (const [name, handler] of Object.entries(props.on ?? {})) element.addEventListener(name, handler as EventListener);
  append(element, children);
  return element;
}

export function append(parent: Node, children: Children): void {
  if (children === null || children === undefined || children === false) return;
  if (Array.isArray(children)) {
    for (const child of children) append(parent, child);
    return;
  }
  parent.appendChild(typeof children === 'object' ? children : document.createTextNode(String(children)));
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

/** Only web addresses become links or images; `javascript:` and friends stay text. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export function externalLink(url: string, children: Children, className?: string): HTMLElement {
  const href = safeUrl(url);
  // A link to anything but a web address is shown as its text alone, not as a link.
  if (!href) return h('span', {}, children);
  return h('a', { class: className ?? '', attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }, children);
}
