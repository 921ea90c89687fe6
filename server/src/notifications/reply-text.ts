/**
 * Keeps what the person wrote in a reply: cuts at the first quoted-history header or signature delimiter, and
 * drops lines quoted with '>'. The headers are those of the clients the Enti use, in Italian and English
 * (reply-text.test.ts lists them): Thunderbird, Gmail, Apple Mail, Outlook desktop and web, Roundcube (the
 * webmail of most PEC providers), Zimbra, Legalmail.
 */
const ATTRIBUTION_IT = /^\s*Il\b/i;
const ATTRIBUTION_EN = /^\s*On\b/;
const WROTE_IT = /\b(ha scritto|scrisse)\s*:\s*$/i;
const WROTE_EN = /\bwrote\s*:\s*$/i;
/** "-----Messaggio originale-----", "-------- Messaggio Originale --------", "----- Original Message -----". */
const ORIGINAL = /^\s*-{2,}\s*(messaggio originale|original message|messaggio inoltrato|forwarded message)\s*-{2,}\s*$/i;
/** Outlook's header block: "Da:/From:" then "Inviato:/Data:/Sent:/Date:" within the next lines. */
const OUTLOOK_FROM = /^\s*\*?(Da|From)\s*:\*?\s/;
const OUTLOOK_WHEN = /^\s*\*?(Inviato|Data|Sent|Date)\s*:\*?\s/m;
/** Outlook web's rule above the header block. */
const RULE = /^\s*_{10,}\s*$/;

export function trimReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^-- ?$/.test(line)) break;
    if (ORIGINAL.test(line)) break;
    if (RULE.test(line) && OUTLOOK_FROM.test(lines[i + 1] ?? '')) break;
    // Clients wrap a long attribution line: look at it joined with the next two, ending with "ha scritto:"/"wrote:".
    const joined = [line, lines[i + 1] ?? '', lines[i + 2] ?? ''].map((l) => l.trim()).filter(Boolean);
    const attribution = (start: RegExp, end: RegExp) => start.test(line) && joined.some((_, n) => end.test(joined.slice(0, n + 1).join(' ')));
    if (attribution(ATTRIBUTION_IT, WROTE_IT) || attribution(ATTRIBUTION_EN, WROTE_EN)) break;
    if (OUTLOOK_FROM.test(line) && OUTLOOK_WHEN.test(lines.slice(i + 1, i + 4).join('\n'))) break;
    if (/^\s*>/.test(line)) continue;
    out.push(line);
  }
  return out.join('\n').replace(/\s+$/, '').replace(/^\s*\n/, '');
}
