// npm leaves out of package-lock.json the platform binaries the registry mirror cannot serve (e.g. the
// darwin/win32 builds of @unrs/resolver-binding); `npm ci` then refuses the lock. Run this after `npm install`:
// it adds a metadata-only entry (os/cpu, no tarball) for each such optional dependency, which npm ci skips.
import { readFileSync, writeFileSync } from 'node:fs';
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const pk = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(pk)) {
  for (const [dep, ver] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    if (pk[key] || pk[`${path}/node_modules/${dep}`]) continue;
    const m = dep.match(/-(android|darwin|freebsd|linux|openharmony|win32)-([a-z0-9]+)/);
    if (!m) { console.error('cannot infer platform for', dep); continue; }
    const cpu = m[2] === 'arm' ? 'arm' : m[2];
    pk[key] = { version: ver, dev: meta.dev, optional: true, os: [m[1]], cpu: [cpu] };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`package-lock.json: ${added} voci di piattaforma aggiunte.`);
