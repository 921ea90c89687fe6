import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Messages as a delivering server hands them over: plain RFC 5322 text with CRLF line ends. */
export interface MailSpec {
  from: string;
  to?: string;
  subject: string;
  text: string;
  messageId?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ name: string; type: string; bytes: Buffer }>;
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
export const newMessageId = (domain = 'mittente.example') => `<${randomBytes(8).toString('hex')}@${domain}>`;

export function rawMail(spec: MailSpec): string {
  const headers = [
    `From: ${spec.from}`,
    `To: ${spec.to ?? 'assistenza@cit.example'}`,
    `Subject: ${spec.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${spec.messageId ?? newMessageId()}`,
    'MIME-Version: 1.0',
    ...Object.entries(spec.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  if (!spec.attachments?.length) {
    return crlf(`${headers.join('\n')}\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n${spec.text}\n`);
  }
  const b = `b-${randomBytes(6).toString('hex')}`;
  const parts = [
    `--${b}\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n${spec.text}\n`,
    ...spec.attachments.map(
      (a) =>
        `--${b}\nContent-Type: ${a.type}; name="${a.name}"\nContent-Disposition: attachment; filename="${a.name}"\nContent-Transfer-Encoding: base64\n\n${a.bytes
          .toString('base64')
          .replace(/(.{76})/g, '$1\n')}\n`,
    ),
  ];
  return crlf(`${headers.join('\n')}\nContent-Type: multipart/mixed; boundary="${b}"\n\n${parts.join('')}--${b}--\n`);
}

export interface Daticert {
  tipo: string;
  errore?: string;
  mittente: string;
  destinatari: string[];
  oggetto: string;
  msgid: string;
  consegna?: string;
  erroreEsteso?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** daticert.xml as the technical rules describe it (DM 2 November 2005, allegato, § 2.1.3). */
export function daticertXml(d: Daticert): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<postacert tipo="${d.tipo}" errore="${d.errore ?? 'nessuno'}">
  <intestazione>
    <mittente>${esc(d.mittente)}</mittente>
${d.destinatari.map((r) => `    <destinatari tipo="certificato">${esc(r)}</destinatari>`).join('\n')}
    <risposte>${esc(d.mittente)}</risposte>
    <oggetto>${esc(d.oggetto)}</oggetto>
  </intestazione>
  <dati>
    <gestore-emittente>Gestore PEC di prova S.p.A.</gestore-emittente>
    <data zona="+0100"><giorno>04/12/2026</giorno><ora>10:15:00</ora></data>
    <identificativo>opec${randomBytes(6).toString('hex')}.20261204101500@pec.gestore.example</identificativo>
    <msgid>${esc(d.msgid)}</msgid>
${d.consegna ? `    <consegna>${esc(d.consegna)}</consegna>\n` : ''}${d.erroreEsteso ? `    <errore-esteso>${esc(d.erroreEsteso)}</errore-esteso>\n` : ''}  </dati>
</postacert>
`;
}

/**
 * A provider's signing key and certificate (self-signed, for tests): envelopes are signed with it by openssl
 * exactly as a provider signs them (S/MIME clear-signed, `smime.p7s`).
 */
export class PecProvider {
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'cit-pec-'));

  constructor() {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-subj', '/C=IT/O=Gestore PEC di prova/CN=posta-certificata@pec.gestore.example',
      '-keyout', path.join(this.dir, 'key.pem'), '-out', path.join(this.dir, 'cert.pem'),
    ], { stdio: 'ignore' });
  }

  private sign(entity: string): string {
    const input = path.join(this.dir, `in-${randomBytes(4).toString('hex')}`);
    writeFileSync(input, crlf(entity));
    const out = execFileSync('openssl', ['smime', '-sign', '-signer', path.join(this.dir, 'cert.pem'), '-inkey', path.join(this.dir, 'key.pem'), '-in', input]);
    rmSync(input);
    return out.toString('utf8');
  }

  /**
   * A PEC envelope: outer headers of the provider, a multipart/mixed with the provider's text, the original
   * (`postacert.eml`, for a message) and `daticert.xml`, clear-signed (`smime.p7s`).
   */
  envelope(opts: { daticert: Daticert; inner?: string; to: string; kind: 'posta-certificata' | 'ricevuta' }): string {
    const d = opts.daticert;
    const b = `pec-${randomBytes(6).toString('hex')}`;
    const parts = [
      `--${b}\nContent-Type: text/plain; charset=UTF-8\n\n${opts.kind === 'posta-certificata' ? `Messaggio di posta certificata\nIl giorno 04/12/2026 alle ore 10:15:00 (+0100) il messaggio "${d.oggetto}" è stato inviato da "${d.mittente}".` : `Ricevuta: ${d.tipo}`}\n`,
      ...(opts.inner ? [`--${b}\nContent-Type: message/rfc822; name="postacert.eml"\nContent-Disposition: attachment; filename="postacert.eml"\n\n${opts.inner}\n`] : []),
      `--${b}\nContent-Type: application/xml; name="daticert.xml"\nContent-Disposition: inline; filename="daticert.xml"\nContent-Transfer-Encoding: base64\n\n${Buffer.from(daticertXml(d)).toString('base64').replace(/(.{76})/g, '$1\n')}\n`,
    ];
    const signed = this.sign(`Content-Type: multipart/mixed; boundary="${b}"\n\n${parts.join('')}--${b}--\n`);
    const outer = [
      opts.kind === 'posta-certificata'
        ? `From: "Per conto di: ${d.mittente}" <posta-certificata@pec.gestore.example>`
        : `From: posta-certificata@pec.gestore.example`,
      `To: ${opts.to}`,
      `Subject: ${opts.kind === 'posta-certificata' ? `POSTA CERTIFICATA: ${d.oggetto}` : `${d.tipo.toUpperCase()}: ${d.oggetto}`}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: ${newMessageId('pec.gestore.example')}`,
      opts.kind === 'posta-certificata' ? 'X-Trasporto: posta-certificata' : `X-Ricevuta: ${d.tipo}`,
      `X-Riferimento-Message-ID: ${d.msgid}`,
    ];
    // openssl writes its own MIME-Version and Content-Type lines first.
    return crlf(`${outer.join('\n')}\n`) + signed.replace(/\r?\n/g, '\r\n');
  }

  certificate(): string {
    return readFileSync(path.join(this.dir, 'cert.pem'), 'utf8');
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
