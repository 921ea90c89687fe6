/**
 * Keeps what the person wrote in a reply: cuts at the first quoted-history header ("Il giorno … ha scritto:",
 * "On … wrote:", Outlook's "Da:/From:" block, "-----Messaggio originale-----") or signature delimiter ("-- "),
 * and drops lines quoted with '>'.
 */
export function trimReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^-- ?$/.test(line)) break;
    if (/^\s*-{2,}\s*(messaggio originale|original message)\s*-{2,}\s*$/i.test(line)) break;
    // Clients wrap the attribution line, so look at it joined with the next two.
    const joined = [line, lines[i + 1] ?? '', lines[i + 2] ?? ''].join(' ');
    if (/^\s*Il giorno\b/i.test(line) && /ha scritto:/i.test(joined)) break;
    if (/^\s*On\b/.test(line) && /wrote:/i.test(joined)) break;
    if (/^\s*(Da|From):\s/.test(line) && /^\s*(Inviato|Data|Sent|Date):\s/m.test(lines.slice(i + 1, i + 4).join('\n'))) break;
    if (/^\s*>/.test(line)) continue;
    out.push(line);
  }
  return out.join('\n').replace(/\s+$/, '').replace(/^\s*\n/, '');
}
