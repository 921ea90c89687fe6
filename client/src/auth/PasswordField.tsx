import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from 'design-react-kit';
import { TextField, type TextFieldProps } from '../ui/TextField';

/** A password field with a keyboard-accessible show/hide switch (the kit's one is a mouse-only icon). */
export function PasswordField(props: Omit<TextFieldProps, 'type' | 'trailing'>) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <TextField
      {...props}
      type={visible ? 'text' : 'password'}
      className="password-field"
      trailing={
        <button
          type="button"
          className="password-icon btn"
          role="switch"
          aria-checked={visible}
          aria-controls={props.id}
          onClick={() => setVisible((v) => !v)}
        >
          <span className="visually-hidden">{t('auth.login.showPassword')}</span>
          <Icon icon={visible ? 'it-password-invisible' : 'it-password-visible'} size="sm" aria-hidden="true" />
        </button>
      }
    />
  );
}
