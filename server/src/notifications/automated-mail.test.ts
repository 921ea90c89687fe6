import { automatedBecause } from './automated-mail';

const headers = (h: Record<string, string>) => (name: string) => h[name] ?? null;
const ours = { address: 'helpdesk@cit.provincia.brescia.it', domain: 'risposte.test' };

describe('automatedBecause: the messages the inbound path never answers', () => {
  it('a person writing is not automated, even with Auto-Submitted: no', () => {
    expect(automatedBecause('mario.rossi@comune.example', headers({}), ours)).toBeNull();
    expect(automatedBecause('mario.rossi@comune.example', headers({ 'auto-submitted': 'no' }), ours)).toBeNull();
    expect(automatedBecause('mario.rossi@comune.example', headers({ precedence: 'normal', 'x-auto-response-suppress': 'DR, RN' }), ours)).toBeNull();
    // A colleague at the CIT, in the same domain as the help-desk's sender, is a person.
    expect(automatedBecause('operatore@cit.provincia.brescia.it', headers({}), ours)).toBeNull();
  });

  it.each([
    ['the null sender of a bounce', null, {}],
    ['an out-of-office reply', 'mario@comune.example', { 'auto-submitted': 'auto-replied' }],
    ['an auto-generated notice with a parameter', 'mario@comune.example', { 'auto-submitted': 'auto-generated; owner-email="x@y"' }],
    ['bulk precedence', 'news@comune.example', { precedence: 'bulk' }],
    ['an Exchange auto-reply (Precedence: auto_reply)', 'mario@comune.example', { precedence: 'auto_reply' }],
    ['a message asking for no auto-reply', 'mario@comune.example', { 'x-auto-response-suppress': 'All' }],
    ['a mailing list', 'lista@comune.example', { 'list-id': '<ced.comune.example>' }],
    ['a delivery report', 'mario@comune.example', { 'content-type': 'multipart/report; report-type=delivery-status' }],
    ['the postmaster', 'MAILER-DAEMON@pec.example', {}],
    ['a no-reply robot', 'no-reply@pec.example', {}],
    ['our own sender address (a mail of ours coming back)', 'helpdesk@cit.provincia.brescia.it', {}],
    ['an address of the reply domain', 'reply+abc@risposte.test', {}],
  ])('%s is automated', (_what, from, h) => {
    expect(automatedBecause(from, headers(h), ours)).not.toBeNull();
  });
});
