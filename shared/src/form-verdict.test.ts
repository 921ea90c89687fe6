import { formVerdict, VERDICT_REASONS, type FormVerdictInput } from './form-verdict';
import type { FormFile } from './request-form';
import type { SignedFormCheck } from './signed-form';

const CF = 'RSSMRA80A01H501U';
function signed(over: Partial<SignedFormCheck['signature']> = {}, form: SignedFormCheck['form'] = { category: 'activation', serviceCode: 'pec', quantity: 2, enteFiscalCode: '00123450179', ticketProtocol: null }): FormFile {
  return {
    fileName: 'modulo.pdf.p7m',
    kind: 'signed_p7m',
    check: {
      verdict: 'valid',
      isPdf: true,
      pdfA: { declared: true, part: 2, conformance: 'B' },
      signature: {
        type: 'cades',
        valid: true,
        chainVerified: true,
        revocation: 'good',
        qualified: { compliance: true, sscd: true },
        signer: { commonName: 'Mario Rossi', fiscalCode: CF, serialNumber: '1000', issuer: 'CA' },
        signingTime: null,
        contentIsPdf: true,
        ...over,
      },
      form,
      problems: [],
      notes: [],
      checkedAt: '2026-03-01T10:00:00.000Z',
    },
  };
}
const input = (files: FormFile[], over: Partial<FormVerdictInput> = {}): FormVerdictInput => ({
  files,
  requesterFiscalCode: CF,
  signatories: [],
  request: { category: 'activation', serviceCode: 'pec', quantity: 2, enteFiscalCode: '00123450179' },
  ...over,
});

describe('formVerdict: one verdict for the approver', () => {
  it('is Conforme when the requester signed the form of this request with a trusted, unrevoked certificate', () => {
    expect(formVerdict(input([signed()]))).toEqual({ outcome: 'conforme', reasons: [], signer: { name: 'Mario Rossi', fiscalCode: CF, capacity: 'requester' } });
  });

  it('accepts a declared signatory by codice fiscale and the membership signatory by name', () => {
    const other = input([signed()], { requesterFiscalCode: 'BNCMRA80A41B157Y' });
    expect(formVerdict({ ...other, signatories: [{ fullName: 'M. Rossi', fiscalCode: CF }] }).signer?.capacity).toBe('signatory');
    expect(formVerdict({ ...other, signatories: [{ fullName: 'mario  rossi', fiscalCode: null }] }).outcome).toBe('conforme');
  });

  it('matches the membership signatory by codice fiscale once recorded: the name alone no longer makes a signatory', () => {
    const other = input([signed()], { requesterFiscalCode: 'BNCMRA80A41B157Y' });
    // The convention's signatory with the codice fiscale of the signature, whatever the name's spelling.
    expect(formVerdict({ ...other, signatories: [{ fullName: 'Rossi Mario (Sindaco)', fiscalCode: CF }] })).toMatchObject({ outcome: 'conforme', signer: { capacity: 'signatory' } });
    // A namesake: same name, another codice fiscale recorded for the signatory.
    const namesake = formVerdict({ ...other, signatories: [{ fullName: 'Mario Rossi', fiscalCode: 'RSSMRA85M01B157T' }] });
    expect(namesake).toMatchObject({ outcome: 'da_verificare', signer: { capacity: 'unknown' } });
    expect(namesake.reasons).toEqual([VERDICT_REASONS.unknownSigner(`Mario Rossi, ${CF}`)]);
    // A certificate without a codice fiscale cannot match a signatory whose codice fiscale is known.
    const noCf = formVerdict({ ...other, files: [signed({ signer: { commonName: 'Mario Rossi', fiscalCode: null, serialNumber: '1000', issuer: 'CA' } })], signatories: [{ fullName: 'Mario Rossi', fiscalCode: CF }] });
    expect(noCf.signer?.capacity).toBe('unknown');
  });

  it('is Da verificare, with the reason, when the signer is neither the requester nor a signatory', () => {
    const v = formVerdict(input([signed()], { requesterFiscalCode: 'BNCMRA80A41B157Y', signatories: [{ fullName: 'Luca Verdi', fiscalCode: 'VRDLCU80A01B157X' }] }));
    expect(v.outcome).toBe('da_verificare');
    expect(v.reasons).toEqual([VERDICT_REASONS.unknownSigner(`Mario Rossi, ${CF}`)]);
  });

  it('is Da verificare when the chain or the revocation is not verified, or the form was made elsewhere', () => {
    expect(formVerdict(input([signed({ chainVerified: false, revocation: 'unchecked' })])).reasons).toEqual([VERDICT_REASONS.chain, VERDICT_REASONS.revocation]);
    expect(formVerdict(input([signed({}, null)])).reasons).toEqual([VERDICT_REASONS.noIdentification]);
  });

  it('is Non conforme when the form contradicts the request, or the signature check fails', () => {
    const v = formVerdict(input([signed({}, { category: 'activation', serviceCode: 'firma', quantity: 3, enteFiscalCode: '99999999999', ticketProtocol: null })]));
    expect(v.outcome).toBe('non_conforme');
    expect(v.reasons).toEqual([VERDICT_REASONS.service, VERDICT_REASONS.quantity(3, 2), VERDICT_REASONS.ente]);
    const broken = signed({ valid: false });
    broken.check = { ...broken.check!, verdict: 'invalid', problems: ['La firma non corrisponde al contenuto (file alterato dopo la firma).'] };
    expect(formVerdict(input([broken])).outcome).toBe('non_conforme');
  });

  it('sends a hand-signed form with an identity document to review', () => {
    const hand: FormFile = { ...signed(), fileName: 'modulo.pdf', kind: 'pdf', check: { ...signed().check!, verdict: 'unsigned', signature: { ...signed().check!.signature, type: 'none', signer: null } } };
    const v = formVerdict(input([hand, { fileName: 'ci.jpg', kind: 'image', check: null }]));
    expect(v).toEqual({ outcome: 'da_verificare', reasons: [VERDICT_REASONS.handwritten], signer: null });
  });
});
