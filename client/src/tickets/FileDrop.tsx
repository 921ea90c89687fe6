import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon, Progress } from 'design-react-kit';
import { formatBytes } from './format';

export const MAX_FILES = 10;
export const MAX_FILE_MB = 20;
const ACCEPT = '.pdf,.p7m,.png,.jpg,.jpeg,.gif,.webp,.tif,.tiff,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.txt,.csv';

interface FileDropProps {
  id: string;
  files: readonly File[];
  onFilesChange: (files: File[]) => void;
  /** 0…1 while uploading, null otherwise. */
  progress: number | null;
  disabled?: boolean;
  error?: string;
}

/** Attachments: a drop zone that is also a keyboard-usable file picker, the chosen files, upload progress. */
export function FileDrop({ id, files, onFilesChange, progress, disabled, error }: FileDropProps) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [notice, setNotice] = useState('');
  const hintId = useId();
  const errorId = error ? `${id}-error` : undefined;

  const add = (incoming: FileList | null) => {
    if (!incoming || incoming.length === 0) return;
    const next = [...files];
    const refused: string[] = [];
    for (const file of Array.from(incoming)) {
      if (file.size > MAX_FILE_MB * 1024 * 1024) refused.push(t('files.tooLarge', { name: file.name, max: MAX_FILE_MB }));
      else if (next.length >= MAX_FILES) refused.push(t('files.tooMany', { max: MAX_FILES }));
      else if (!next.some((f) => f.name === file.name && f.size === file.size)) next.push(file);
    }
    onFilesChange(next);
    setNotice(refused.length > 0 ? refused.join(' ') : t('files.added', { count: next.length }));
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (!disabled) add(event.dataTransfer.files);
  };

  return (
    <div className="file-drop-group">
      <p className="file-drop-label fw-semibold mb-2" id={`${id}-label`}>
        {t('files.label')}
      </p>
      <div
        className={['file-drop', over ? 'file-drop-over' : '', error ? 'is-invalid' : ''].filter(Boolean).join(' ')}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <Icon icon="it-upload" size="lg" color="primary" aria-hidden="true" />
        <p className="mb-2">{t('files.dropHere')}</p>
        <input
          ref={inputRef}
          id={id}
          type="file"
          multiple
          accept={ACCEPT}
          className="visually-hidden"
          disabled={disabled}
          aria-describedby={[hintId, errorId].filter(Boolean).join(' ')}
          onChange={(event) => {
            add(event.target.files);
            event.target.value = '';
          }}
        />
        <label htmlFor={id} className={`btn btn-outline-primary btn-sm file-drop-choose${disabled ? ' disabled' : ''}`}>
          {t('files.choose')}
        </label>
        <p id={hintId} className="small text-muted mt-2 mb-0">
          {t('files.hint', { max: MAX_FILES, mb: MAX_FILE_MB })}
        </p>
      </div>
      {error && (
        <div id={errorId} className="invalid-feedback d-block">
          {error}
        </div>
      )}
      <p className="visually-hidden" aria-live="polite">
        {notice}
      </p>
      {files.length > 0 && (
        <ul className="file-list" aria-label={t('files.listLabel')}>
          {files.map((file, index) => (
            <li key={`${file.name}-${file.size}-${index}`}>
              <Icon icon="it-clip" size="sm" aria-hidden="true" />
              <span className="file-name">{file.name}</span>
              <span className="text-muted small">{formatBytes(file.size)}</span>
              <Button
                color="link"
                size="xs"
                className="ms-auto p-1"
                disabled={disabled}
                onClick={() => {
                  onFilesChange(files.filter((_, i) => i !== index));
                  setNotice(t('files.removed', { name: file.name }));
                  inputRef.current?.focus();
                }}
              >
                <Icon icon="it-delete" size="sm" color="danger" aria-hidden="true" />
                <span className="visually-hidden">{t('files.remove', { name: file.name })}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {progress !== null && (
        <div className="mt-2">
          <p className="small mb-1" id={`${id}-progress`}>
            {t('files.uploading', { percent: Math.round(progress * 100) })}
          </p>
          <Progress value={Math.round(progress * 100)} label={t('files.uploading', { percent: Math.round(progress * 100) })} color="primary" />
        </div>
      )}
    </div>
  );
}
