import { FORM_MESSAGES, formRequirement, RequestFormDraftSchema, type FormFile } from './request-form';
import { ApprovalDecisionSchema } from './tickets';
import type { SignedFormCheck } from './signed-form';

function check(verdict: SignedFormCheck['verdict'], opts: { pdfA?: boolean; problems?: string[] } = {}): SignedFormCheck {
  return {
    verdict,
    isPdf: verdict !== 'not_pdf',
    pdfA: { declared: opts.pdfA ?? true, part: opts.pdfA === false ? null : 2, conformance: opts.pdfA === false ? null : 'B' },
    signature: { type: verdict === 'unsigned' ? 'none' : 'cades', valid: verdict === 'valid', chainVerified: false, revocation: 'unchecked', qualified: { compliance: false, sscd: false }, signer: null, signingTime: null, contentIsPdf: null },
    form: null,
    notes: [],
    problems: opts.problems ?? [],
    checkedAt: '2026-03-01T10:00:00.000Z',
  };
}
const p7m = (verdict: SignedFormCheck['verdict'], problems: string[] = []): FormFile => ({ fileName: 'modulo.pdf.p7m', kind: 'signed_p7m', check: check(verdict, { problems }) });
const pdf = (name: string, verdict: SignedFormCheck['verdict'], pdfA = true): FormFile => ({ fileName: name, kind: 'pdf', check: check(verdict, { pdfA }) });
const image: FormFile = { fileName: 'carta-identita.jpg', kind: 'image', check: null };

describe('formRequirement: the signed form an activation/cancellation needs', () => {
  it('passes a valid digital signature (digital_ok), also with other files around', () => {
    const r = formRequirement([{ fileName: 'nota.txt', kind: 'text', check: null }, p7m('valid')]);
    expect(r).toEqual({ outcome: 'digital_ok', passes: true, message: FORM_MESSAGES.digitalOk, problems: [], warnings: [] });
  });

  it('is missing without any PDF or .p7m, even with an identity document', () => {
    for (const files of [[], [image], [{ fileName: 'a.docx', kind: 'office' as const, check: null }]]) {
      const r = formRequirement(files);
      expect(r.outcome).toBe('missing');
      expect(r.passes).toBe(false);
      expect(r.problems).toEqual([FORM_MESSAGES.missing]);
    }
  });

  it('passes a hand-signed PDF with an identity document, telling the approver to check it', () => {
    const r = formRequirement([pdf('modulo.pdf', 'unsigned'), image]);
    expect(r.outcome).toBe('handwritten_with_id');
    expect(r.passes).toBe(true);
    expect(r.message).toBe("Firma autografa: verificare il documento d'identità del firmatario.");
    expect(r.warnings).toEqual([FORM_MESSAGES.handwritten]);
  });

  it('accepts a scanned identity document in PDF too, and warns when the form is not PDF/A', () => {
    const r = formRequirement([pdf('modulo.pdf', 'unsigned', false), pdf('documento.pdf', 'unsigned', false)]);
    expect(r.outcome).toBe('handwritten_with_id');
    expect(r.warnings).toEqual([FORM_MESSAGES.handwritten, 'Il modulo firmato a mano non dichiara la conformità PDF/A.']);
  });

  it('fails a hand-signed PDF alone, naming the identity document', () => {
    const r = formRequirement([pdf('modulo.pdf', 'unsigned')]);
    expect(r.outcome).toBe('failed');
    expect(r.passes).toBe(false);
    expect(r.problems).toEqual([FORM_MESSAGES.noId]);
  });

  it('fails an altered or non PDF/A signed form, with the check problems per file', () => {
    const r = formRequirement([p7m('invalid', ['La firma non corrisponde al contenuto (file alterato dopo la firma).', 'Il PDF non dichiara la conformità PDF/A.'])]);
    expect(r.outcome).toBe('failed');
    expect(r.problems).toEqual([
      'modulo.pdf.p7m: La firma non corrisponde al contenuto (file alterato dopo la firma).',
      'modulo.pdf.p7m: Il PDF non dichiara la conformità PDF/A.',
    ]);
  });

  it('lets a hand-signed form with ID pass next to a broken digital signature', () => {
    expect(formRequirement([p7m('invalid', ['x']), pdf('modulo.pdf', 'unsigned'), image]).outcome).toBe('handwritten_with_id');
  });
});

describe('schemas of the request form and of the approval override', () => {
  it('requires the signatory and the records to cancel', () => {
    const bad = RequestFormDraftSchema.safeParse({ category: 'cancellation', serviceCode: 'pec', signatoryName: 'M', signatoryRole: '' });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['signatoryName', 'signatoryRole']));
    const ok = RequestFormDraftSchema.parse({ category: 'activation', serviceCode: 'pec', quantity: '2', signatoryName: 'Mario Rossi', signatoryRole: 'Sindaco' });
    expect(ok.quantity).toBe(2);
  });

  it('refuses an override without a written reason of at least 10 characters', () => {
    const none = ApprovalDecisionSchema.safeParse({ decision: 'approve', override: true });
    expect(none.error?.issues[0]?.path).toEqual(['overrideReason']);
    expect(ApprovalDecisionSchema.safeParse({ decision: 'approve', override: true, overrideReason: 'breve' }).success).toBe(false);
    expect(ApprovalDecisionSchema.parse({ decision: 'approve', override: true, overrideReason: 'Modulo originale ricevuto via PEC.' })).toMatchObject({ override: true });
  });
});
