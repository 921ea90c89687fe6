import { isValidNumericFiscalCode, numericFiscalCodeCheckDigit } from './fiscal-code';

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
