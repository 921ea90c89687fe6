import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'cit'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password'],
      censor: '[redacted]',
    },
  });
}
