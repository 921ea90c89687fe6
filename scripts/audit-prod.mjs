// `npm audit` of the production dependencies with the build policy of the README ("Dipendenze e audit"):
//  - a high or critical advisory in a production dependency fails the build, unless audit-allow.json accepts it
//    (advisory URL, reason, expiry date: an acceptance that has expired fails again);
//  - moderate and low advisories are printed, they do not fail;
//  - when the advisory service cannot be reached the run warns and passes, unless AUDIT_REQUIRED=1 (a registry
//    outage must not block an urgent fix; the next run audits again).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const BLOCKING = new Set(['high', 'critical']);
const allowFile = path.join(root, 'audit-allow.json');
const allowed = existsSync(allowFile) ? JSON.parse(readFileSync(allowFile, 'utf8')) : [];
const today = new Date().toISOString().slice(0, 10);
const accepted = new Map(allowed.filter((a) => a.until >= today).map((a) => [a.url, a]));

// AUDIT_REPORT=<file>: apply the policy to a saved `npm audit --json` answer (to check the policy itself).
const run = process.env.AUDIT_REPORT
  ? { stdout: readFileSync(process.env.AUDIT_REPORT, 'utf8'), stderr: '' }
  : spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(run.stdout || '{}');
} catch {
  report = { error: { summary: run.stderr || 'risposta non leggibile' } };
}

if (report.error || !report.vulnerabilities) {
  const why = report.error?.summary || report.message || run.stderr.trim() || 'nessuna risposta';
  const message = `npm audit non ha potuto interrogare il servizio degli avvisi di sicurezza: ${why}`;
  if (process.env.AUDIT_REQUIRED === '1') {
    console.error(`${message}\nAUDIT_REQUIRED=1: la build si ferma.`);
    process.exit(1);
  }
  console.warn(`ATTENZIONE: ${message}\nAudit saltato (la build prosegue; AUDIT_REQUIRED=1 lo rende bloccante).`);
  process.exit(0);
}

const blocking = [];
const notes = [];
for (const v of Object.values(report.vulnerabilities)) {
  for (const via of v.via.filter((x) => typeof x === 'object')) {
    const line = `${v.name} (${via.severity}): ${via.title} ${via.url}${v.fixAvailable ? ' — correzione disponibile: npm audit fix' : ''}`;
    if (!BLOCKING.has(via.severity)) notes.push(line);
    else if (accepted.has(via.url)) notes.push(`${line} — accettato fino al ${accepted.get(via.url).until}: ${accepted.get(via.url).reason}`);
    else blocking.push(line);
  }
}
for (const line of notes) console.log(`  · ${line}`);
if (blocking.length > 0) {
  console.error(`Avvisi di sicurezza alti o critici nelle dipendenze di produzione (${blocking.length}):\n${blocking.map((l) => `  - ${l}`).join('\n')}`);
  console.error('Aggiorna la dipendenza, oppure documenta in audit-allow.json perché non è sfruttabile qui (con una scadenza).');
  process.exit(1);
}
console.log(`npm audit (produzione): nessun avviso alto o critico${notes.length ? `; ${notes.length} avvisi non bloccanti sopra` : ''}.`);
