/** Inputs that take no text: a one-letter shortcut pressed on them is still a shortcut (e.g. `x` on a row's checkbox). */
const NOT_TEXT = ['checkbox', 'radio', 'button', 'submit', 'reset'];

/** Is the keystroke meant for a field or a dialog (or combined with a modifier)? Then it is not a shortcut. */
export function typing(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return true;
  if (document.querySelector('.modal.show') !== null) return true;
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  if (target instanceof HTMLInputElement) return !NOT_TEXT.includes(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}
