import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import purgeCSSPlugin from '@fullhuman/postcss-purgecss';
import type { Plugin } from 'postcss';

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * design-react-kit's compiled components: the class names they write (`btn`, `modal-dialog`, …) are literals there.
 * Its package exports neither a main nor package.json, so it is found in the workspace's node_modules folders.
 */
const designKit = [path.join(here, '../node_modules/design-react-kit'), path.join(here, '../../node_modules/design-react-kit')].find((dir) =>
  existsSync(path.join(dir, 'dist')),
);
if (!designKit) throw new Error('design-react-kit non trovato in node_modules');
const kitDist = path.join(designKit, 'dist');

/**
 * The design-react-kit folders of the components the app imports (Col → Grid, ModalBody → Modal…), plus its
 * shared helpers: scanning the whole kit would keep the CSS of every component it has (accordion, stepper, upload…).
 */
function usedKitSources(): string[] {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name)) {
        for (const m of readFileSync(file, 'utf8').matchAll(/import\s*\{([^}]+)\}\s*from\s*'design-react-kit'/g)) {
          for (const name of (m[1] ?? '').split(',')) names.add(name.replace(/^\s*type\s+/, '').trim());
        }
      }
    }
  };
  walk(path.join(here, '../src'));
  const folders = new Set<string>();
  for (const entry of readdirSync(kitDist, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const files = readdirSync(path.join(kitDist, entry.name));
    if ([...names].some((n) => files.includes(`${n}.js`))) folders.add(entry.name);
  }
  // The kit wraps reactstrap (Breadcrumb, NavbarBrand, Modal…): the reactstrap components those folders import write
  // the Bootstrap classes, so they are scanned too.
  // The kit's index also re-exports some reactstrap components as they are (Col, Row, BreadcrumbItem…).
  const reactstrap = new Set<string>(names);
  for (const folder of folders) {
    for (const file of readdirSync(path.join(kitDist, folder)).filter((f) => f.endsWith('.js'))) {
      for (const m of readFileSync(path.join(kitDist, folder, file), 'utf8').matchAll(/import\s*\{([^}]+)\}\s*from\s*'reactstrap'/g)) {
        for (const name of (m[1] ?? '').split(',')) reactstrap.add((name.trim().split(/\s+as\s+/)[0] ?? '').trim());
      }
    }
  }
  const reactstrapEsm = path.join(kitDist, '..', '..', 'reactstrap', 'esm');
  return [
    ...[...folders].map((f) => path.join(kitDist, f, '*.js')),
    path.join(kitDist, '*.js'),
    ...[...reactstrap].map((name) => path.join(reactstrapEsm, `${name}.js`)).filter((file) => existsSync(file)),
    // Shared helpers of reactstrap (transitions, utils) write classes such as `show` and `collapsing`.
    path.join(reactstrapEsm, 'utils.js'),
    path.join(reactstrapEsm, 'Fade.js'),
  ];
}

/**
 * Class names put together at run time from a prefix (design-react-kit's `btn-${color}`, `col-${size}-${n}`,
 * `bg-${color}`, `icon-${size}`…) or added by transitions (`show`, `fade`, `collapsing`): the scan cannot see
 * them whole, so their prefixes are kept.
 */
const DYNAMIC = [
  /^btn-/, /^bg-/, /^text-/, /^border-/, /^icon-/, /^col-/, /^row-cols-/, /^offset-/, /^order-/, /^alert-/, /^badge-/,
  /^nav-/, /^header-/, /^it-header-/, /^shadow-/, /^progress-/, /^modal/, /^fade$/, /^show$/, /^showing$/, /^collaps/, /^is-/,
  /^was-validated$/, /^focus--/, /^active$/, /^disabled$/, /^expanded$/, /^open$/, /^sticky$/,
];

/**
 * PurgeCSS on Bootstrap Italia's stylesheet only (the app's own CSS is small and written for the app), keeping the
 * selectors the app's sources and design-react-kit can produce. Font faces and CSS variables are all kept.
 */
export function bootstrapItaliaPurge(): Plugin {
  const purge = purgeCSSPlugin({
    content: [path.join(here, '../index.html'), path.join(here, '../src/**/*.{ts,tsx}'), ...usedKitSources()],
    safelist: { standard: DYNAMIC },
    fontFace: false,
    keyframes: false,
    variables: false,
  }) as Plugin & { OnceExit: NonNullable<Plugin['OnceExit']> };
  return {
    postcssPlugin: 'bootstrap-italia-purge',
    OnceExit(root, helpers) {
      const file = root.source?.input.file ?? '';
      if (!/bootstrap-italia[\\/]dist[\\/]css/.test(file)) return;
      return purge.OnceExit(root, helpers);
    },
  };
}
