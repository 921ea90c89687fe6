/**
 * When the signed-in session runs out, as the server last said (header `x-session-expires-in` on every API answer).
 * Kept in localStorage too, so that activity in one tab pushes back the warning in the others.
 */
const STORAGE_KEY = 'cit.sessionExpiresAt';
let expiresAt: number | null = null;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

function stored(): number | null {
  try {
    const value = Number(window.localStorage.getItem(STORAGE_KEY));
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null; // Storage disabled: this tab's own figure is all there is.
  }
}

export function noteSessionExpiry(secondsLeft: number): void {
  if (!Number.isFinite(secondsLeft) || secondsLeft <= 0) return;
  expiresAt = Date.now() + secondsLeft * 1000;
  try {
    window.localStorage.setItem(STORAGE_KEY, String(expiresAt));
  } catch {
    // Private mode with storage off: the warning still works in this tab.
  }
  emit();
}

/** The latest expiry known to any tab, or null when no signed-in answer has been seen. */
export function sessionExpiresAt(): number | null {
  const other = stored();
  if (expiresAt === null) return other;
  return other === null ? expiresAt : Math.max(expiresAt, other);
}

export function forgetSessionExpiry(): void {
  expiresAt = null;
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing kept, nothing to remove.
  }
  emit();
}

export function subscribeSessionExpiry(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}
