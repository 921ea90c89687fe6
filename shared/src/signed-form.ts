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
      /** Always false: the trust chain up to an Italian qualified CA (EU trust list) is not checked here. */
      chainVerified: z.literal(false),
      signer: SignedFormSignerSchema.nullable(),
      /** Declared by the signer (signingTime attribute, or /M of a PAdES signature): not a trusted timestamp. */
      signingTime: z.iso.datetime({ offset: true }).nullable(),
      /** CAdES only: the content wrapped in the .p7m is a PDF. */
      contentIsPdf: z.boolean().nullable(),
    }),
    problems: z.array(z.string()),
    checkedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'SignedFormCheck' });
export type SignedFormCheck = z.infer<typeof SignedFormCheckSchema>;
