import { z } from 'zod';

/**
 * Result of checking the signed request form attached to an activation/cancellation ticket.
 * The server computes it; the client shows `problems` verbatim to the operator, so they are in Italian.
 */
export const SignedFormSignerSchema = z
  .object({
    commonName: z.string().nullable(),
    /** From the subject's serialNumber attribute (`TINIT-…` or `IT:…`), as Italian qualified certificates carry it. */
    fiscalCode: z.string().nullable(),
    /** Certificate serial number, uppercase hex. */
    serialNumber: z.string().nullable(),
    /** Issuer common name (organisation name when the issuer has no CN). */
    issuer: z.string().nullable(),
  })
  .meta({ id: 'SignedFormSigner' });
export type SignedFormSigner = z.infer<typeof SignedFormSignerSchema>;

export const SignedFormCheckSchema = z
  .object({
    /** 'valid' needs a valid signature, a PDF document and a PDF/A declaration; 'unsigned' is a plain PDF (hand-signed forms). */
    verdict: z.enum(['valid', 'invalid', 'unsigned', 'not_pdf']),
    /** The signed document (the file itself, or the content of a .p7m) is a PDF. */
    isPdf: z.boolean(),
    pdfA: z.object({
      /** The XMP metadata declares pdfaid:part; the file is not validated against the PDF/A rules. */
      declared: z.boolean(),
      part: z.number().int().nullable(),
      conformance: z.string().nullable(),
    }),
    signature: z.object({
      type: z.enum(['cades', 'pades', 'none']),
      /** The signature matches the bytes, covers the whole file (PAdES) and the certificate is within its validity period. */
      valid: z.boolean(),
      /** The certificate chains up to a qualified CA of the configured trusted list (ETSI TS 119 612). */
      chainVerified: z.boolean(),
      /**
       * Revocation of the signer's certificate (CRL or OCSP): 'unchecked' when the product is offline or the
       * service did not answer ("revoca non verificata"). Checks stored before this field read as unchecked.
       */
      revocation: z.enum(['good', 'revoked', 'unchecked']).default('unchecked'),
      /** QCStatements of the certificate: QcCompliance (EU qualified certificate) and QcSSCD (key on a secure device). */
      qualified: z.object({ compliance: z.boolean(), sscd: z.boolean() }).default({ compliance: false, sscd: false }),
      signer: SignedFormSignerSchema.nullable(),
      /** Declared by the signer (signingTime attribute, or /M of a PAdES signature): not a trusted timestamp. */
      signingTime: z.iso.datetime({ offset: true }).nullable(),
      /** CAdES only: the content wrapped in the .p7m is a PDF. */
      contentIsPdf: z.boolean().nullable(),
    }),
    /**
     * The identification the platform writes in the XMP of the request forms it generates (service, quantity,
     * Ente), read back from the signed document; null for forms made elsewhere.
     */
    form: z
      .object({
        category: z.enum(['activation', 'cancellation']),
        serviceCode: z.string(),
        quantity: z.number().int(),
        enteFiscalCode: z.string(),
        ticketProtocol: z.string().nullable(),
      })
      .nullable()
      .default(null),
    problems: z.array(z.string()),
    /** Facts the approver should weigh that do not break the signature (chain, revocation not verified). */
    notes: z.array(z.string()).default([]),
    checkedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'SignedFormCheck' });
export type SignedFormCheck = z.infer<typeof SignedFormCheckSchema>;
