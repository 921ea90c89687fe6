import { z } from 'zod';

/*
 * The one decoder for values that arrive as text (query strings, multipart fields, cursors) or as JSON. Every
 * such value is checked here before any query, so a crafted one answers 400 naming the parameter instead of
 * reaching PostgreSQL (a 500). `z.coerce` is not used for requests: it turns `true`, `[2]` or '' into numbers.
 */

const DECIMAL = /^-?\d{1,15}$/;
/** 0001-01-01T00:00:00Z: Date.UTC maps years 0–99 to 1900–1999, so it is set explicitly. */
const FIRST_AD = new Date('0001-01-01T00:00:00Z').getTime();

/** A whole number given as a JSON number or as its digits; anything else (true, [2], '', '1e3', '0x10') is refused. */
export function intParam(label: string, min: number, max: number) {
  const message = `${label}: numero intero atteso.`;
  return z
    .union([z.number(message), z.string(message).trim().regex(DECIMAL, message).transform(Number)], { error: message })
    .pipe(
      z
        .number()
        .int(message)
        .min(min, `${label}: almeno ${min}.`)
        .max(max, `${label}: al massimo ${max}.`),
    );
}

/** The page size of a keyset-paged list. */
export const limitParam = (max = 200, fallback = 50) => intParam('Numero di elementi per pagina', 1, max).default(fallback);

/**
 * A calendar day YYYY-MM-DD in the years this product can hold: 0000-01-01 is a valid ISO date for zod but
 * PostgreSQL refuses it, and JavaScript dates end in year 275760.
 */
export function dayParam(label: string) {
  return z.iso
    .date(`${label}: data non valida (AAAA-MM-GG).`)
    .refine((d) => d >= '1900-01-01' && d <= '2999-12-31', `${label}: data fuori dall’intervallo ammesso (1900–2999).`);
}

/** An instant with its offset (ISO 8601), in the same years. */
export function instantParam(label: string) {
  return z.iso
    .datetime({ offset: true, message: `${label}: data e ora non valide (ISO 8601).` })
    .refine((d) => d >= '1900' && d < '3000' && !Number.isNaN(Date.parse(d)), `${label}: data fuori dall’intervallo ammesso (1900–2999).`);
}

/** The pieces keyset cursors are made of; a cursor is a tuple of them (see decodeCursor on the server). */
export const cursorPart = {
  text: z.string().max(500),
  uuid: z.uuid(),
  /**
   * Any instant JavaScript can write, from year 1 AD: the queue's "no due time" is the largest Date
   * (+275760-09-13), which PostgreSQL holds too; year 0 and BC dates it refuses.
   */
  instant: z
    .string()
    .max(40)
    .refine((s) => Date.parse(s) >= FIRST_AD),
  /** A bigint identity, carried as its digits. */
  serial: z.string().regex(/^\d{1,18}$/),
};
