import type { TFunction } from 'i18next';
import { LoginRequestSchema, type LoginRequest } from '@cit/shared';
import { fieldIssues } from '../api/errors';

export type LoginField = 'email' | 'password';
export type LoginFieldErrors = Partial<Record<LoginField, string>>;

export const LOGIN_FIELD_IDS: Record<LoginField, string> = { email: 'login-email', password: 'login-password' };

/**
 * Checks the form with the shared LoginRequest schema (the very rules the server applies) and explains
 * the problems in the current language; on success returns the normalised request (trimmed, lower-case e-mail).
 */
export function validateLogin(
  input: { email: string; password: string },
  t: TFunction,
): { request: LoginRequest; errors?: undefined } | { request?: undefined; errors: LoginFieldErrors } {
  const parsed = LoginRequestSchema.safeParse(input);
  if (parsed.success) return { request: parsed.data };
  const errors: LoginFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'email' && !errors.email) {
      errors.email = input.email.trim() === '' ? t('auth.login.emailRequired') : t('auth.login.emailInvalid');
    } else if (field === 'password' && !errors.password) {
      errors.password = issue.code === 'too_big' ? t('auth.login.passwordTooLong') : t('auth.login.passwordRequired');
    }
  }
  return { errors };
}

/** The server's own field messages of a `validation_error` (already in Italian). */
export function serverFieldErrors(error: unknown): LoginFieldErrors {
  const errors: LoginFieldErrors = {};
  for (const { path, message } of fieldIssues(error)) {
    if ((path === 'email' || path === 'password') && !errors[path]) errors[path] = message;
  }
  return errors;
}
