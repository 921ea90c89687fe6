import { useEffect, useId, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import type { KbArticleSummary } from '@cit/shared';
import { useKbArticles } from './api';

/** The text put in a reply for an article: its title and absolute address, which the Ente opens from the e-mail too. */
export function kbLinkText(article: Pick<KbArticleSummary, 'id' | 'title'>, origin: string): string {
  return `${article.title}: ${origin}/kb/${article.id}`;
}

interface KbLinkPickerProps {
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  value: string;
  onChange: (value: string) => void;
}

/**
 * «Inserire il link a un articolo» in the reply editor of the CIT staff: searches the knowledge base (the same API as
 * its page) asking only for published articles for the Enti, so that a CIT-only article or a draft, which the Ente
 * could not open, is never offered; the chosen one is written at the cursor.
 */
export function KbLinkPicker({ textareaRef, value, onChange }: KbLinkPickerProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [inserted, setInserted] = useState('');
  const inputId = useId();
  const hintId = useId();
  const panelId = useId();
  // The search follows the typing after a short pause, not at every key.
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const articles = useKbArticles(q, { limit: 8, audience: 'enti', status: 'published', enabled: open });

  const insert = (article: KbArticleSummary) => {
    const area = textareaRef.current;
    const link = kbLinkText(article, window.location.origin);
    const start = area?.selectionStart ?? value.length;
    const end = area?.selectionEnd ?? value.length;
    // On a line of its own, so that mail programs recognise the address as a link.
    const before = value.slice(0, start);
    const after = value.slice(end);
    const piece = `${before && !before.endsWith('\n') ? '\n' : ''}${link}${after && !after.startsWith('\n') ? '\n' : ''}`;
    onChange(before + piece + after);
    setInserted(t('kb.linkPicker.inserted', { title: article.title }));
    setOpen(false);
    setText('');
    const caret = before.length + piece.length;
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(caret, caret);
    });
  };

  return (
    <div className="mb-3">
      <Button type="button" color="secondary" outline size="sm" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        {open ? t('kb.linkPicker.close') : t('kb.linkPicker.open')}
      </Button>
      <p className="visually-hidden" role="status">
        {inserted}
      </p>
      {open && (
        <div id={panelId} className="border rounded p-3 mt-2">
          <label htmlFor={inputId} className="form-label">
            {t('kb.linkPicker.searchLabel')}
          </label>
          <input id={inputId} type="search" className="form-control" value={text} onChange={(e) => setText(e.target.value)} maxLength={200} aria-describedby={hintId} autoFocus />
          <p id={hintId} className="small text-muted mt-1">
            {t('kb.linkPicker.hint')}
          </p>
          <div aria-live="polite">
            {articles.data && articles.data.items.length === 0 && q && <p className="mb-0">{t('kb.linkPicker.none', { q })}</p>}
            {articles.data && articles.data.items.length > 0 && (
              <ul className="list-unstyled mb-0" aria-label={t('kb.linkPicker.results')}>
                {articles.data.items.map((a) => (
                  <li key={a.id} className="mb-1">
                    <Button type="button" color="link" className="p-0 text-start" onClick={() => insert(a)}>
                      {a.title}
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
