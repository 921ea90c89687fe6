/** The ids that tie a field to its hint and error for screen readers, and the matching aria attributes. */
export function fieldA11y(id: string, error?: string, hint?: string) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return {
    hintId,
    errorId,
    aria: {
      'aria-invalid': error ? (true as const) : undefined,
      'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
    },
  };
}

/** Hint and validation text under a field, with the ids `fieldA11y` points to. */
export function FieldMessages({ id, hint, error, block = false }: { id: string; hint?: string; error?: string; block?: boolean }) {
  const { hintId, errorId } = fieldA11y(id, error, hint);
  return (
    <>
      {hint && (
        <small id={hintId} className="form-text">
          {hint}
        </small>
      )}
      {error && (
        // Bootstrap shows .invalid-feedback only right after an invalid input; selects need it forced visible.
        <div id={errorId} className={block ? 'invalid-feedback d-block' : 'invalid-feedback'}>
          {error}
        </div>
      )}
    </>
  );
}
