import { useCallback, useSyncExternalStore } from 'react';

const KEY = 'cit.shortcuts';
const listeners = new Set<() => void>();
/** Used when the browser keeps no storage (some private modes): the choice then lasts for this page. */
let memory = false;

function read(): boolean {
  try {
    return window.localStorage.getItem(KEY) === 'on';
  } catch {
    return memory;
  }
}

/**
 * Single-letter shortcuts are off until the user turns them on (WCAG 2.1.4): a stray key or a word from speech
 * input must not act on a ticket. The choice is kept in this browser.
 */
export function useShortcutsEnabled(): [boolean, (on: boolean) => void] {
  const enabled = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    read,
    () => false,
  );
  const set = useCallback((on: boolean) => {
    memory = on;
    try {
      window.localStorage.setItem(KEY, on ? 'on' : 'off');
    } catch {
      // No storage: `memory` keeps the choice.
    }
    listeners.forEach((l) => l());
  }, []);
  return [enabled, set];
}

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
