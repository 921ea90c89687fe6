import { useEffect, useRef, useState } from 'react';
import { fieldIssues } from '../../api/errors';

/**
 * Field errors of a form: its own checks plus the server's `details.fields`, mapped to the form's field names;
 * the error summary takes the focus after every failed attempt.
 */
export function useFormErrors<F extends string>(failure: unknown, fieldOf: (path: string) => F | undefined) {
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  const [attempts, setAttempts] = useState(0);
  const summaryRef = useRef<HTMLElement>(null);
  const fieldOfRef = useRef(fieldOf);
  fieldOfRef.current = fieldOf;

  useEffect(() => {
    if (!failure) return;
    const next: Partial<Record<F, string>> = {};
    for (const issue of fieldIssues(failure)) {
      const field = fieldOfRef.current(issue.path.split('.')[0] ?? '');
      if (field && !next[field]) next[field] = issue.message;
    }
    setErrors(next);
    setAttempts((n) => n + 1);
  }, [failure]);

  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);

  /** Client-side check result: true when the form may be sent. */
  const check = (next: Partial<Record<F, string>>): boolean => {
    setErrors(next);
    const ok = Object.keys(next).length === 0;
    if (!ok) setAttempts((n) => n + 1);
    return ok;
  };
  /** The failure to show as text when no field explains it (409, 5xx). */
  const unexplained = failure && fieldIssues(failure).length === 0 ? failure : null;
  return { errors, attempts, summaryRef, check, unexplained };
}

/** «1.234» or «1234» → 1234; anything else → null. */
export function parseCount(text: string): number | null {
  const clean = text.replace(/[.\s]/g, '');
  return /^\d{1,9}$/.test(clean) ? Number(clean) : null;
}
