import { fiscalCodeFromClaim, isValidNumericFiscalCode, isValidPersonalFiscalCode, numericFiscalCodeCheckDigit, personalFiscalCodeControl } from './fiscal-code';

it('accepts real codes of public bodies', () => {
  expect(isValidNumericFiscalCode('00761890177')).toBe(true); // Comune di Brescia
  expect(isValidNumericFiscalCode('80008750178')).toBe(true); // Provincia di Brescia
});

it('rejects a wrong control digit, wrong length or letters', () => {
  expect(isValidNumericFiscalCode('00761890178')).toBe(false);
  expect(isValidNumericFiscalCode('0076189017')).toBe(false);
  expect(isValidNumericFiscalCode('0076189017A')).toBe(false);
});

it('computes the control digit', () => {
  expect(numericFiscalCodeCheckDigit('0076189017')).toBe(7);
});

describe('personal codice fiscale', () => {
  it('accepts well-formed codes with the right control letter, in any case once upper-cased', () => {
    expect(isValidPersonalFiscalCode('RSSMRA85T10A562S')).toBe(true);
    expect(personalFiscalCodeControl('RSSMRA85T10A562')).toBe('S');
    // A woman (day + 40) and an omocodia code (the last digit 2 → N): the control letter is recomputed.
    expect(isValidPersonalFiscalCode('BNCLRA70A41B157' + personalFiscalCodeControl('BNCLRA70A41B157'))).toBe(true);
    expect(isValidPersonalFiscalCode('RSSMRA85T10A56N' + personalFiscalCodeControl('RSSMRA85T10A56N'))).toBe(true);
  });

  it('rejects a wrong control letter, a wrong shape or lower case', () => {
    expect(isValidPersonalFiscalCode('RSSMRA85T10A562T')).toBe(false);
    expect(isValidPersonalFiscalCode('RSSMRA85T10A562')).toBe(false);
    expect(isValidPersonalFiscalCode('RSSMRA85Z10A562S')).toBe(false); // Z is no month
    expect(isValidPersonalFiscalCode('rssmra85t10a562s')).toBe(false);
    expect(isValidPersonalFiscalCode('00761890177')).toBe(false);
  });

  it('reads the SPID fiscalNumber claim with or without the TINIT- prefix', () => {
    expect(fiscalCodeFromClaim('TINIT-RSSMRA85T10A562S')).toBe('RSSMRA85T10A562S');
    expect(fiscalCodeFromClaim('rssmra85t10a562s')).toBe('RSSMRA85T10A562S');
    expect(fiscalCodeFromClaim('TINIT-RSSMRA85T10A562T')).toBeNull();
    expect(fiscalCodeFromClaim(42)).toBeNull();
    expect(fiscalCodeFromClaim(undefined)).toBeNull();
  });
});
