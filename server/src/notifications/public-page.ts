import escapeHtml from 'escape-html';

/** The frame of the pages reached from an e-mail link without signing in (survey, «Da testare»). */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;max-width:720px;margin:24px auto;padding:0 16px;color:#1a1a1a;line-height:1.45">
<div style="background:#0b5394;color:#fff;padding:12px 16px;font-weight:bold">CIT – Centro Innovazione e Tecnologie, Provincia di Brescia</div>
${body}</body></html>`;
}
