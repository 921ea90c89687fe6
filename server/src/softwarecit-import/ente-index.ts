import { normaliseEnteName } from '../moone-import/mapping';

export interface EnteRef {
  id: string;
  name: string;
}

/**
 * The Enti as the SoftwareCit files name them: by codice fiscale (11 digits) or by name, compared as the MoOne
 * import compares them («COMUNE DI COCCAGLIO» = «Comune di Coccaglio»). Never guessed: an unknown or ambiguous name
 * is a line error.
 */
export class EnteIndex {
  private readonly byFiscalCode = new Map<string, EnteRef>();
  private readonly byName = new Map<string, EnteRef[]>();

  constructor(enti: ReadonlyArray<{ id: string; name: string; fiscalCode: string }>) {
    for (const e of enti) {
      this.byFiscalCode.set(e.fiscalCode, { id: e.id, name: e.name });
      const key = normaliseEnteName(e.name);
      this.byName.set(key, [...(this.byName.get(key) ?? []), { id: e.id, name: e.name }]);
    }
  }

  /** The Ente, or undefined after reporting through `fail` why the value names none. */
  resolve(column: string, value: string, fail: (message: string) => void): EnteRef | undefined {
    const v = value.trim();
    if (/^\d{11}$/.test(v)) {
      const found = this.byFiscalCode.get(v);
      if (!found) fail(`${column}: nessun Ente con codice fiscale ${v}`);
      return found;
    }
    const matches = this.byName.get(normaliseEnteName(v)) ?? [];
    if (matches.length === 1) return matches[0];
    fail(matches.length === 0 ? `${column}: nessun Ente di nome «${v}»` : `${column}: più Enti di nome «${v}»: indicare il codice fiscale`);
    return undefined;
  }
}
