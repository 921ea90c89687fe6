import type { Plugin } from 'vite';

/**
 * The Titillium Web weights every page shows above the fold (300 lead, 400 text, 600 labels and buttons, 700
 * headings). Without a preload the browser asks for them only once React has rendered text, then swaps them in and
 * the text reflows (layout shift); preloaded from the page's head they arrive while the JavaScript loads.
 */
const ABOVE_THE_FOLD = /titillium-web-v10-latin-ext_latin-(300|regular|600|700)-[\w-]+\.woff2$/;

export function preloadFonts(): Plugin {
  return {
    name: 'cit-preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const fonts = Object.keys(ctx.bundle ?? {}).filter((file) => ABOVE_THE_FOLD.test(file));
        if (fonts.length < 4) throw new Error(`preload dei caratteri: trovati ${fonts.length} file di Titillium Web su 4`);
        return fonts.map((file) => ({
          tag: 'link',
          attrs: { rel: 'preload', as: 'font', type: 'font/woff2', href: `/${file}`, crossorigin: '' },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}
