// DOM building for the demo page without innerHTML: captions and usernames come from Instagram users,
// so text only ever reaches the page as text nodes and attribute values.

type Child = Node | string | null | undefined | false;

/**
 * `el('button', { type: 'button', className: 'button' }, 'Save')`. Keys holding a dash or starting with
 * `aria`/`data` are set as attributes (`aria-label`, `data-id`); the rest are assigned as properties.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.includes('-')) element.setAttribute(key, value === true ? '' : String(value));
    else Object.assign(element, { [key]: value });
  }
  element.append(...children.filter((child): child is Node | string => !!child));
  return element;
}

/** True for an absolute http(s) URL: the only kind that may reach `src` or `href` (Lit and the DOM do not sanitize). */
export function isHttpUrl(value: string | null | undefined): value is string {
  if (!value) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
