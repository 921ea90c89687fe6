/**
 * Focuses the element with this id as soon as it is in the page: after an action the element that should take
 * the focus (the new history entry, the status line) may only appear with the next render or data refresh.
 * Without this the focus falls to <body> when the button that was used disappears.
 */
export function focusWhenRendered(id: string, timeoutMs = 5_000): void {
  const started = Date.now();
  const attempt = () => {
    const element = document.getElementById(id);
    if (element) {
      element.focus({ preventScroll: false });
      return;
    }
    if (Date.now() - started < timeoutMs) window.setTimeout(attempt, 50);
  };
  window.setTimeout(attempt, 0);
}
