import type { FormFile } from './request-form';
import type { SignedFormCheck } from './signed-form';
import { identityDocumentIndexes, identityDocumentPurgeDay, requestDocumentOf, signedFormIndexes, signedFormPurgeDay } from './retention';

function check(verdict: SignedFormCheck['verdict']): SignedFormCheck {
  return {
    verdict,
    isPdf: verdict !== 'not_pdf',
    pdfA: { declared: true, part: 2, conformance: 'B' },
    signature: { type: verdict === 'unsigned' ? 'none' : 'cades', valid: verdict === 'valid', chainVerified: false, revocation: 'unchecked', qualified: { compliance: false, sscd: false }, signer: null, signingTime: null, contentIsPdf: null },
    form: null,
    notes: [],
    problems: [],
    checkedAt: '2026-03-01T10:00:00.000Z',
  };
}
const handForm: FormFile = { fileName: 'modulo.pdf', kind: 'pdf', check: check('unsigned') };
const signed: FormFile = { fileName: 'modulo.pdf.p7m', kind: 'signed_p7m', check: check('valid') };
const idImage: FormFile = { fileName: 'carta-identita.jpg', kind: 'image', check: null };
const idPdf: FormFile = { fileName: 'carta-identita.pdf', kind: 'pdf', check: check('unsigned') };
const note: FormFile = { fileName: 'nota.txt', kind: 'text', check: null };

describe('which files of a request are identity documents', () => {
  it('a hand-signed form: the image and the other PDF are identity documents, the form is not', () => {
    expect(identityDocumentIndexes([handForm, idImage, note])).toEqual([1]);
    expect(identityDocumentIndexes([handForm, idPdf])).toEqual([1]);
    expect(signedFormIndexes([handForm, idImage, note])).toEqual([0]);
  });

  it('a digitally signed form has no identity document to purge, even with an image around', () => {
    expect(identityDocumentIndexes([signed, idImage])).toEqual([]);
    expect(signedFormIndexes([signed, idImage])).toEqual([0]);
  });

  it('a request whose form failed keeps everything (nothing was accepted as an identity document)', () => {
    expect(identityDocumentIndexes([handForm])).toEqual([]);
  });
});

describe('requestDocumentOf: what a downloaded file is, for the audit log', () => {
  const kinds = (files: FormFile[]) => files.map((_, i) => requestDocumentOf(files, i));

  it('reads each file as retention does: the form, the identity document, or neither', () => {
    expect(kinds([handForm, idImage, note])).toEqual(['signed_form', 'identity_document', null]);
    expect(kinds([handForm, idPdf])).toEqual(['signed_form', 'identity_document']);
    expect(kinds([signed, idImage])).toEqual(['signed_form', null]);
    expect(requestDocumentOf([handForm], 3)).toBeNull();
  });
});

describe('when a file may be purged', () => {
  it('identity documents: the configured months after the approval', () => {
    expect(identityDocumentPurgeDay('2025-03-15', 12)).toBe('2026-03-15');
    expect(identityDocumentPurgeDay('2025-12-31', 2)).toBe('2026-03-03');
  });

  it('signed forms: years after the last record ended; never while a record runs or when there is none', () => {
    expect(signedFormPurgeDay(['2015-12-31', '2014-06-30'], 10)).toBe('2025-12-31');
    expect(signedFormPurgeDay(['2015-12-31', null], 10)).toBeNull();
    expect(signedFormPurgeDay([], 10)).toBeNull();
  });
});
