import { automatedMailReason, protocolInSubject, replyTokenOf, ticketIdInReferences, pecDeliveryFailed, isFlooding, noticeStatusAfterReceipt } from './mailboxes';

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe('mail loop rules (RFC 3834 and friends)', () => {
  it('flags auto-replies, list traffic and bounces, not a person', () => {
    expect(automatedMailReason(headers({ 'auto-submitted': 'auto-replied' }), 'text/plain', 'a@b.it')).toContain('Auto-Submitted');
    expect(automatedMailReason(headers({ 'auto-submitted': 'no' }), 'text/plain', 'a@b.it')).toBeNull();
    expect(automatedMailReason(headers({ precedence: 'bulk' }), 'text/plain', 'a@b.it')).toContain('Precedence');
    expect(automatedMailReason(headers({ 'list-id': '<x.example>' }), 'text/plain', 'a@b.it')).toContain('lista');
    expect(automatedMailReason(headers({ 'return-path': '<>' }), 'text/plain', 'a@b.it')).toContain('mittente nullo');
    expect(automatedMailReason(headers({}), 'multipart/report; report-type=delivery-status', 'a@b.it')).toContain('recapito');
    expect(automatedMailReason(headers({}), 'text/plain', 'MAILER-DAEMON@mx.example')).toContain('automatico');
    expect(automatedMailReason(headers({ 'return-path': '<a@b.it>' }), 'text/plain', 'a@b.it')).toBeNull();
  });

  it('reads protocol numbers, reply tokens and our thread roots', () => {
    expect(protocolInSubject('Re: [2026/000123] Stampante')).toEqual({ year: 2026, number: 123 });
    expect(protocolInSubject('Fattura 12/2026/5')).toBeNull();
    expect(protocolInSubject('Nessun numero')).toBeNull();
    expect(replyTokenOf(`reply+${'a'.repeat(32)}@risposte.test`, 'risposte.test')).toBe('a'.repeat(32));
    expect(replyTokenOf(`reply+${'a'.repeat(32)}@altro.test`, 'risposte.test')).toBeNull();
    const id = '3f0c1a52-8d4e-4b7a-9a51-0d2c6e9b1f00';
    expect(ticketIdInReferences(['<x@y>', `<ticket-${id}@cit.example>`])).toBe(id);
    expect(ticketIdInReferences(['<x@y>'])).toBeNull();
  });

  it('knows which PEC receipts are failures and when a sender floods', () => {
    expect(pecDeliveryFailed('errore-consegna')).toBe(true);
    expect(pecDeliveryFailed('non-accettazione')).toBe(true);
    expect(pecDeliveryFailed('avvenuta-consegna')).toBe(false);
    expect(isFlooding(29, 30)).toBe(false);
    expect(isFlooding(30, 30)).toBe(true);
  });
});

describe('official notices: status from the PEC receipts', () => {
  it('moves forward only: sent → accepted → delivered, a failure wins, a late acceptance changes nothing', () => {
    expect(noticeStatusAfterReceipt('sent', 'accettazione')).toBe('accepted');
    expect(noticeStatusAfterReceipt('accepted', 'avvenuta-consegna')).toBe('delivered');
    expect(noticeStatusAfterReceipt('sent', 'avvenuta-consegna')).toBe('delivered');
    expect(noticeStatusAfterReceipt('delivered', 'accettazione')).toBeNull();
    expect(noticeStatusAfterReceipt('accepted', 'errore-consegna')).toBe('failed');
    expect(noticeStatusAfterReceipt('sent', 'non-accettazione')).toBe('failed');
    expect(noticeStatusAfterReceipt('failed', 'avvenuta-consegna')).toBeNull();
    expect(noticeStatusAfterReceipt('not_sendable', 'accettazione')).toBeNull();
    // Acceptance may be recorded before the send job marked the row sent (the provider answers at once).
    expect(noticeStatusAfterReceipt('queued', 'accettazione')).toBe('accepted');
    expect(noticeStatusAfterReceipt('sent', 'posta-certificata')).toBeNull();
  });
});
