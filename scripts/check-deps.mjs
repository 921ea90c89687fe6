// Checks, per workspace, that what the code imports is declared and that what is declared is imported
// (issue 19 point 9). Run by `npm test`; exits 1 with one line per problem.
//  - a package imported by a workspace's shipped code must be in that workspace's `dependencies`;
//  - a package imported only by tests, scripts and build config must be a devDependency (of the workspace or root);
//  - every `dependencies` entry must be imported by shipped code (or listed below with the reason it is not);
//  - no `@types/*` in any `dependencies`: types are for the build, never for the runtime image.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';

// The TypeScript scanner finds import, export … from, import() and require() without being fooled by strings.
const ts = createRequire(import.meta.url)('typescript');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const WORKSPACES = ['shared', 'migrations', 'server', 'client'];

/** Runtime dependencies nothing imports by name, and why they must stay. */
const USED_WITHOUT_IMPORT = {
  server: {
    pg: 'the PostgreSQL driver TypeORM loads by name (type: "postgres")',
  },
  client: {
    'bootstrap-italia': 'its CSS and fonts are imported by path (bootstrap-italia/dist/...)',
  },
};

/** Names that only exist as types (module augmentation), provided by a declared @types package. */
const TYPES_ONLY = new Set(['express-serve-static-core']);

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const SOURCE = /\.(c|m)?[jt]sx?$/;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || builtins.has(specifier) || specifier.startsWith('node:')) return null;
  if (specifier.startsWith('virtual:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Tests, e2e, build config, test helpers and the server's development-only services (embedded PostgreSQL for a
 * local `npm start`): they run on developer and CI machines, never in the production image.
 */
function isDevFile(ws, file) {
  const rel = path.relative(path.join(root, ws), file).split(path.sep).join('/');
  return (
    /\.test\.tsx?$/.test(rel) ||
    rel.startsWith('test/') ||
    rel.startsWith('e2e/') ||
    /^[^/]+\.config\.[cm]?[jt]s$/.test(rel) ||
    (ws === 'server' && rel.startsWith('src/dev/'))
  );
}

function importsOf(file) {
  const found = new Set();
  for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
    const pkg = packageOf(fileName);
    if (pkg && !TYPES_ONLY.has(pkg)) found.add(pkg);
  }
  return found;
}

const manifests = Object.fromEntries(WORKSPACES.map((ws) => [ws, JSON.parse(readFileSync(path.join(root, ws, 'package.json'), 'utf8'))]));
const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// Tests run inside the monorepo: they may use what any workspace declares (e.g. an e2e test starting socket.io).
const declaredAnywhere = new Set([
  ...Object.keys(rootPkg.devDependencies ?? {}),
  ...Object.values(manifests).flatMap((m) => [...Object.keys(m.dependencies ?? {}), ...Object.keys(m.devDependencies ?? {})]),
  ...Object.values(manifests).map((m) => m.name),
]);
const problems = [];

for (const ws of WORKSPACES) {
  const pkg = manifests[ws];
  const deps = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  // The client is bundled by Vite: what it imports ends up in the bundle whichever list declares it.
  if (ws === 'client') for (const name of Object.keys(pkg.devDependencies ?? {})) deps.add(name);
  const usedAtRuntime = new Set();
  for (const file of walk(path.join(root, ws))) {
    const devFile = isDevFile(ws, file);
    for (const name of importsOf(file)) {
      if (name === pkg.name) continue;
      const rel = path.relative(root, file);
      if (devFile) {
        if (!declaredAnywhere.has(name)) problems.push(`${ws}: ${rel} importa "${name}", che non è dichiarato (né dependencies né devDependencies)`);
      } else {
        usedAtRuntime.add(name);
        if (!deps.has(name)) problems.push(`${ws}: ${rel} importa "${name}", che non è tra le dependencies di ${ws}/package.json`);
      }
    }
  }
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    if (name.startsWith('@types/')) problems.push(`${ws}: "${name}" è tra le dependencies: i tipi vanno nelle devDependencies`);
    else if (!usedAtRuntime.has(name) && !USED_WITHOUT_IMPORT[ws]?.[name]) problems.push(`${ws}: "${name}" è tra le dependencies ma nessun file lo importa: toglilo`);
  }
}

// The runtime image must take its node_modules from the stage that installs only the server's production
// dependencies, never from the build stage (which holds the client's packages and every devDependency).
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
if (/COPY --from=build \S*node_modules/.test(dockerfile)) {
  problems.push('Dockerfile: l’immagine finale copia node_modules dallo stadio di build (pacchetti del client e di sviluppo inclusi)');
}

if (problems.length > 0) {
  console.error(`Dipendenze non coerenti con gli import (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Dipendenze coerenti con gli import in ${WORKSPACES.join(', ')}.`);
