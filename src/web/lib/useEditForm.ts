import { useState, type FormEvent } from 'react';

type Checked<E, B> = { errors: E } | { body: B };

/**
 * The state of a form that edits a record: its values as they were and as they are, the errors
 * found on submitting, and a submit handler that checks the values, closes without a request when
 * nothing changed, and otherwise saves them and calls `onSaved`. `E` maps fields to their errors,
 * so an empty one means there are none.
 */
export function useEditForm<V, E extends object, B extends object, S>({
  initial: makeInitial,
  validate,
  save,
  onSaved,
  onDone,
}: {
  initial: () => V;
  validate: (values: V, initial: V) => Checked<E, B>;
  save: { mutate: (body: B, options: { onSuccess: (saved: S) => void }) => void };
  onSaved: (saved: S, values: V) => void;
  onDone: () => void;
}) {
  const [initial] = useState(makeInitial);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<E>({} as E);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(values, initial);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({} as E);
    if (Object.keys(checked.body).length === 0) return onDone();
    save.mutate(checked.body, {
      onSuccess: (saved) => {
        onSaved(saved, values);
        onDone();
      },
    });
  };

  return { values, setValues, errors, onSubmit };
}
