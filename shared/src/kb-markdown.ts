import MarkdownIt from 'markdown-it';

/**
 * Markdown of the knowledge base to HTML, safe to insert in a page: raw HTML in the text is escaped (html: false),
 * and links or images may only point to http(s), mailto, tel or relative addresses — javascript:, vbscript:,
 * file: and every data: URL are left as plain text by markdown-it when validateLink refuses them.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
const SAFE_LINK = /^(?:https?:|mailto:|tel:|[/#?]|\.{1,2}\/|[^:/?#]*(?:[/?#]|$))/i;
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

// Links open outside the page and tell the browser not to hand it a reference (tabnabbing).
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token && /^https?:/i.test(String(token.attrGet('href') ?? ''))) {
    token.attrSet('rel', 'noopener noreferrer');
    token.attrSet('target', '_blank');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderKbMarkdown(markdown: string): string {
  return md.render(markdown);
}
