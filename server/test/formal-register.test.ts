import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Italian texts use the formal register («Lei»: "Inserisca", "Scelga", "Riprovi", "il Suo profilo"), never «tu»
 * (issue 24). This scans every Italian text the product shows or sends — string literals of shared/ and server/
 * (zod and AppError messages, pages, mails), the client's Italian i18n and the Italian mail texts — for forms that
 * are «tu» and nothing else. The list is curated: words that are also a third person, a noun or a conventional
 * command of the design system («usa», «indica», «prova», «Accedi», «Salva», «Rispondi») are not in it, and two of
 * them are caught only where a message gives an instruction after a colon ("Orario non valido: usa HH:MM").
 */

const ROOT = join(__dirname, '..', '..');

/** Forms of the second person singular only (verbs, also with a clitic, and possessives), lower case. */
const INFORMAL = [
  'inserisci', 'inseriscilo', 'scegli', 'scegline', 'controlla', 'riprova', 'hai', 'puoi', 'vuoi', 'devi', 'stai', 'tuo', 'tua', 'tuoi', 'ti',
  'clicca', 'compila', 'attendi', 'ripeti', 'correggi', 'restringi', 'rifai', 'ricevi', 'riceverai', 'potrai', 'dovrai', 'troverai',
  'chiedilo', 'creane', 'chiudine', 'ricaricala', 'ricaricalo', 'aprilo', 'aprila', 'pubblicala', 'invialo', 'assicurati', 'ricordati',
  'contattaci', 'scrivici', 'rivolgiti',
];
/** Imperatives that are also a third person or a noun: «tu» only when they open an instruction after a colon. */
const AFTER_COLON = ['usa', 'indica', 'ricarica', 'allega', 'carica', 'scegli', 'inserisci', 'imposta', 'scrivi', 'apri'];

const informalWord = new RegExp(`(?<![\\p{L}\\p{N}_])(${INFORMAL.join('|')})(?![\\p{L}\\p{N}_])`, 'iu');
const colonInstruction = new RegExp(`:\\s+(${AFTER_COLON.join('|')})(?![\\p{L}\\p{N}_])`, 'iu');

/** The «tu» form found in a text, if any. */
function informal(text: string): string | null {
  return informalWord.exec(text)?.[1] ?? colonInstruction.exec(text)?.[1] ?? null;
}

/** The contents of the string literals of a TypeScript source (comments skipped; `${…}` of templates left out). */
function stringLiterals(source: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      i = source.indexOf('\n', i);
      if (i < 0) break;
    } else if (c === '/' && next === '*') {
      i = source.indexOf('*/', i + 2);
      if (i < 0) break;
      i += 2;
    } else if (c === "'" || c === '"' || c === '`') {
      let text = '';
      let j = i + 1;
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\') {
          text += source[j + 1] ?? '';
          j += 2;
        } else if (c === '`' && source[j] === '$' && source[j + 1] === '{') {
          // An expression: skipped up to its closing brace (nested braces counted), replaced by a space.
          let depth = 1;
          j += 2;
          while (j < source.length && depth > 0) {
            if (source[j] === '{') depth++;
            else if (source[j] === '}') depth--;
            j++;
          }
          text += ' ';
        } else if (c !== '`' && source[j] === '\n') {
          break;
        } else {
          text += source[j];
          j++;
        }
      }
      out.push(text);
      i = j + 1;
    } else {
      i++;
    }
  }
  return out;
}

function jsonStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(jsonStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(jsonStrings);
  return [];
}

function walk(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : walk(path, keep);
    return keep(path) ? [path] : [];
  });
}

describe('Italian texts in the formal register', () => {
  it('recognises «tu» forms and leaves the formal ones and the look-alikes alone', () => {
    expect(informal('Non puoi disabilitare il tuo stesso account.')).toBe('puoi');
    expect(informal('Hai già una vista con questo nome.')).toBe('Hai');
    expect(informal('Token CSRF non valido: ricarica la pagina.')).toBe('ricarica');
    expect(informal('L’account è disabilitato: rivolgiti al CIT.')).toBe('rivolgiti');
    expect(informal('Orario non valido: usa HH:MM.')).toBe('usa');
    expect(informal('dopo che l’hai aperta')).toBe('hai');
    expect(informal('Scelga l’Ente.')).toBeNull();
    expect(informal('Non può disabilitare il Suo stesso account: lo chieda a un altro amministratore.')).toBeNull();
    // Third persons, nouns, other words containing the forms.
    expect(informal('La firma usa un algoritmo non supportato; il modulo indica la quantità; Enti, tutti, Tuesday.')).toBeNull();
    expect(informal('Prova: esegue i controlli e mostra il rapporto.')).toBeNull();
  });

  it('finds none in shared/, server/, the client’s Italian texts and the Italian mails', () => {
    const sources = [...walk(join(ROOT, 'shared', 'src'), isSource), ...walk(join(ROOT, 'server', 'src'), isSource)];
    const found: string[] = [];
    for (const file of sources) {
      for (const text of stringLiterals(readFileSync(file, 'utf8'))) {
        const word = informal(text);
        if (word) found.push(`${relative(ROOT, file)}: «${word}» in "${text.slice(0, 120)}"`);
      }
    }
    const json = [join(ROOT, 'client', 'src', 'i18n', 'it.json'), ...walk(join(ROOT, 'server', 'src', 'notifications', 'mail-texts', 'it'), (f) => f.endsWith('.json'))];
    for (const file of json) {
      for (const text of jsonStrings(JSON.parse(readFileSync(file, 'utf8')))) {
        const word = informal(text);
        if (word) found.push(`${relative(ROOT, file)}: «${word}» in "${text.slice(0, 120)}"`);
      }
    }
    expect(sources.length).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });
});

function isSource(file: string): boolean {
  return file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts');
}
