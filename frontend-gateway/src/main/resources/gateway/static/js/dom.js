// Tiny DOM helpers: elements are built with textContent, never innerHTML, so text from events stays text.

/**
 * h('p', {class: 'x', onclick: fn}, 'text', child, [more]) creates an element. Attributes with a null, undefined or
 * false value are left out; functions under on* become listeners.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(element, child);
    } else {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** Replaces the element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export const byId = id => document.getElementById(id);

/** Sets the text only when it changed (keeps screen readers from re-announcing the same thing). */
export function text(element, value) {
  const next = value === null || value === undefined ? '' : String(value);
  if (element && element.textContent !== next) element.textContent = next;
}
