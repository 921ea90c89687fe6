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
