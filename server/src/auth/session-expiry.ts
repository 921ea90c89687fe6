import type { RequestHandler } from 'express';
import { BACKGROUND_HEADER, SESSION_EXPIRES_HEADER } from '@cit/shared';
import { TOUCH_EVERY_MS } from './session';

/**
 * Tells the page, on every API answer to a signed-in user, how many seconds the session has left once this answer
 * is sent. Sessions are rolling (each request restarts the count), except requests the page marks as background
 * (polls): those leave the expiry where it was, or a screen left open would never sign out. The page warns before
 * the time runs out and offers to extend it (WCAG 2.2.1), instead of letting a half-written reply meet a login page.
 * The store refreshes its copy of the expiry at most once a minute, so after a rolling request the figure given is
 * a minute short: the page must never believe in a session the server has already dropped.
 */
export function sessionExpiryHeader(ttlHours: number): RequestHandler {
  const rolling = String(ttlHours * 3600 - TOUCH_EVERY_MS / 1000);
  return (req, res, next) => {
    const session = req.session;
    if (!session?.userId) return next();
    if (req.get(BACKGROUND_HEADER) === '1') {
      // The cookie's expiry is the stored one: keep it, rather than the fresh one rolling would give at the response.
      session.touch = () => session;
      session.resetMaxAge = () => session;
      res.setHeader(SESSION_EXPIRES_HEADER, String(Math.max(0, Math.floor((session.cookie.maxAge ?? 0) / 1000))));
    } else {
      res.setHeader(SESSION_EXPIRES_HEADER, rolling);
    }
    next();
  };
}
