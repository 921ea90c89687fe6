import type { RequestHandler } from 'express';
import { SESSION_EXPIRES_HEADER } from '@cit/shared';
import { TOUCH_EVERY_MS } from './session';

/**
 * Tells the page, on every API answer to a signed-in user, how many seconds the session has left once this answer
 * is sent (sessions are rolling: each request restarts the count). The page warns before that time runs out and
 * offers to extend it (WCAG 2.2.1), instead of letting a half-written reply meet a login page.
 * The store refreshes its copy of the expiry at most once a minute, so the figure given is a minute short: the
 * page must never believe in a session the server has already dropped.
 */
export function sessionExpiryHeader(ttlHours: number): RequestHandler {
  const seconds = String(ttlHours * 3600 - TOUCH_EVERY_MS / 1000);
  return (req, res, next) => {
    if (req.session?.userId) res.setHeader(SESSION_EXPIRES_HEADER, seconds);
    next();
  };
}
