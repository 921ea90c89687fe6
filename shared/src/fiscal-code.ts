/**
 * Check of an 11-digit numeric codice fiscale / partita IVA, as public bodies have:
 * the last digit is a Luhn-style control over the first ten.
 */
export function isValidNumericFiscalCode(code: string): boolean {
  if (!/^\d{11}$/.test(code)) return false;
  return numericFiscalCodeCheckDigit(code.slice(0, 10)) === Number(code[10]);
}

export function numericFiscalCodeCheckDigit(firstTen: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(firstTen[i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A person's codice fiscale (D.M. 23/12/1976): surname and name (6 letters), year, month letter, day (+40 for
 * women), place code, control letter. The digits may be replaced by letters (omocodia, LMNPQRSTUV for 0-9) when
 * two people would share a code, so each digit position accepts those letters too.
 */
const PERSONAL_FISCAL_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

// Values of the characters in odd positions (1st, 3rd…), digits 0-9 and letters A-Z sharing the same row.
const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

/** The control letter of the first 15 characters of a personal codice fiscale (upper-case). */
export function personalFiscalCodeControl(firstFifteen: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = firstFifteen.charCodeAt(i);
    const index = c >= 48 && c <= 57 ? c - 48 : c - 65;
    // Positions are counted from 1, so index 0 is an odd position.
    sum += i % 2 === 0 ? (ODD_VALUES[index] ?? 0) : index;
  }
  return String.fromCharCode(65 + (sum % 26));
}

/** True for a well-formed personal codice fiscale whose control letter matches (expects upper-case). */
export function isValidPersonalFiscalCode(code: string): boolean {
  return PERSONAL_FISCAL_CODE.test(code) && personalFiscalCodeControl(code.slice(0, 15)) === code[15];
}

/**
 * The codice fiscale as SPID and CIE identity providers send it: `TINIT-` + the code (the fiscalNumber attribute,
 * ETSI TS 119 412-1 natural-person identifier); some gateways send it bare. Upper-cased, or null when it is not a
 * valid personal code.
 */
export function fiscalCodeFromClaim(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const code = value.trim().toUpperCase().replace(/^TINIT-/, '');
  return isValidPersonalFiscalCode(code) ? code : null;
}
