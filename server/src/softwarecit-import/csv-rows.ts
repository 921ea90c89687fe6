import { z } from 'zod';
import { SERVICE_CODES } from '@cit/shared';

/**
 * The three CSV templates of the SoftwareCit import (README, «Importazione da SoftwareCit»): one zod schema per
 * line, keyed by the column names of the header (lower case). Messages are Italian and the parser prefixes them
 * with the column, so "riga 4: data_firma: data attesa …" names the line and the field.
 */

/** An empty cell is an absent value. */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
const required = <T extends z.ZodType<unknown, string>>(schema: T) => z.preprocess(blank, z.string('valore mancante')).pipe(schema);

const text = (max = 200) => z.string().trim().max(max, `al massimo ${max} caratteri`);

/** GG/MM/AAAA (as SoftwareCit shows dates) or AAAA-MM-GG; answers AAAA-MM-GG. */
export function parseItalianDate(v: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v.trim()) ?? null;
  const iso = m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : v.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

const date = () =>
  z.string().transform((v, ctx) => {
    const iso = parseItalianDate(v);
    if (iso === null || iso < '1990-01-01' || iso > '2200-12-31') {
      ctx.addIssue({ code: 'custom', message: `data attesa nel formato GG/MM/AAAA (es. 14/01/2015)` });
      return z.NEVER;
    }
    return iso;
  });

/** "€ 1.973,63", "1973,63", "1973.63", "1.973" → cents; null when it is not an amount. */
export function parseEuroCents(v: string): number | null {
  let s = v.replace(/€|\s/g, '');
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (!/^\d+\.\d{1,2}$/.test(s)) s = s.replace(/\./g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const [whole, fraction = ''] = s.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

const euro = () =>
  z.string().transform((v, ctx) => {
    const cents = parseEuroCents(v);
    if (cents === null || cents > 100_000_000_00) {
      ctx.addIssue({ code: 'custom', message: `importo in euro atteso (es. 1.973,63)` });
      return z.NEVER;
    }
    return cents;
  });

const count = () =>
  z
    .string()
    .transform((v) => v.replace(/[.\s]/g, ''))
    .pipe(z.string().regex(/^\d{1,9}$/, `numero intero atteso (es. 8757)`))
    .transform(Number);

const year = () =>
  z
    .string()
    .trim()
    .regex(/^\d{4}$/, `anno di quattro cifre atteso (es. 2019)`)
    .transform(Number)
    .pipe(z.number().int().min(2000, `dal 2000`).max(2200, `fino al 2200`));

/** "Convenzione per adesione al CIT 2015-2020" or "2015-2020" → "2015-2020". */
const convention = z.string().transform((v, ctx) => {
  const m = /(\d{4})\s*-\s*(\d{4})/.exec(v);
  if (!m || Number(m[2]) <= Number(m[1])) {
    ctx.addIssue({ code: 'custom', message: 'periodo AAAA-AAAA atteso (es. «Convenzione per adesione al CIT 2015-2020»)' });
    return z.NEVER;
  }
  return `${m[1]}-${m[2]}`;
});

/** An Ente by its codice fiscale (11 digits) or its name as the Enti list has it. */
const ente = () => text().min(1, 'valore mancante');

export const ConventionRowSchema = z
  .object({
    ente: required(ente()),
    convenzione: required(convention),
    firmatario: required(text().min(1, 'valore mancante')),
    data_firma: required(date()),
    delibera: required(text(40).min(1, 'valore mancante')),
    data_delibera: required(date()),
    data_adesione: optional(date()),
    data_fine: optional(date()),
    ente_pagante: optional(ente()),
    abitanti: optional(count()),
    imprese: optional(count()),
    anno_abitanti: optional(year()),
  })
  .superRefine((r, ctx) => {
    if (r.data_delibera > r.data_firma) ctx.addIssue({ code: 'custom', path: ['data_delibera'], message: 'la delibera non può essere successiva alla firma' });
    if (r.data_adesione && r.data_fine && r.data_fine < r.data_adesione) ctx.addIssue({ code: 'custom', path: ['data_fine'], message: 'la fine precede l’adesione' });
    if ((r.abitanti === undefined) !== (r.imprese === undefined)) {
      ctx.addIssue({ code: 'custom', path: [r.abitanti === undefined ? 'abitanti' : 'imprese'], message: 'abitanti e imprese vanno indicati insieme' });
    }
  });
export type ConventionRow = z.infer<typeof ConventionRowSchema>;

const FEE_TYPES = { annuale: 'annual', 'una tantum': 'one_off', 'a consumo': 'usage', nessuno: 'none' } as const;

export const RecordRowSchema = z
  .object({
    id: required(text(60).regex(/^[A-Za-z0-9._\-/]+$/, 'lettere, cifre e . _ - / soltanto')),
    ente: required(ente()),
    ente_pagante: optional(ente()),
    servizio: required(
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.enum(SERVICE_CODES, `codice del catalogo atteso (${SERVICE_CODES.slice(0, 4).join(', ')}, …)`))
    ),
    variante: optional(text(60)),
    convenzione: required(convention),
    data_richiesta: optional(date()),
    protocollo: optional(text(60)),
    referente: optional(text()),
    email_referente: optional(z.email('indirizzo e-mail non valido').max(254)),
    canone: required(
      z
        .string()
        .trim()
        .toLowerCase()
        .pipe(z.enum(Object.keys(FEE_TYPES) as [keyof typeof FEE_TYPES], '«annuale», «una tantum», «a consumo» o «nessuno» atteso'))
        .transform((v) => FEE_TYPES[v])
    ),
    data_inizio: required(date()),
    data_fine: optional(date()),
    importo: optional(euro()),
    note: optional(text(4000)),
  })
  .superRefine((r, ctx) => {
    if (r.data_fine && r.data_fine < r.data_inizio) ctx.addIssue({ code: 'custom', path: ['data_fine'], message: 'la fine precede l’inizio' });
  });
export type RecordRow = z.infer<typeof RecordRowSchema>;

export const PaymentRowSchema = z.object({
  aderente: required(ente()),
  pagante: optional(ente()),
  anno: required(year()),
  importo: required(euro()),
  note: optional(text(500)),
  /** Empty: the yearly membership quota; otherwise the catalogue code of the service paid for. */
  servizio: optional(z.string().trim().toLowerCase().pipe(z.enum(SERVICE_CODES, 'codice del catalogo atteso, o vuoto per la quota di adesione'))),
  stato: optional(z.string().trim().toLowerCase().pipe(z.enum(['riscosso', 'accertato'], '«riscosso» o «accertato» atteso'))),
  data_riscossione: optional(date()),
  atto: optional(text(200)),
});
export type PaymentRow = z.infer<typeof PaymentRowSchema>;
