import { useId } from 'react';
import { Input, PinInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Six digits from an authenticator app; each box is named for screen readers and tests. */
export function CodeInput({
  label,
  value,
  onChange,
  onComplete,
  error,
  disabled,
  autoFocus,
  description,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  onComplete?: (v: string) => void;
  error?: string | null;
  disabled?: boolean;
  autoFocus?: boolean;
  description?: string;
}) {
  const { t } = useTranslation('common');
  const id = useId();
  return (
    <Input.Wrapper label={label} description={description} error={error} labelElement="div" labelProps={{ id: `${id}-label` }}>
      <div role="group" aria-labelledby={`${id}-label`} style={{ marginTop: 6 }}>
        <PinInput
          length={6}
          type="number"
          inputMode="numeric"
          oneTimeCode
          size="md"
          gap="sm"
          value={value}
          onChange={onChange}
          onComplete={onComplete}
          error={!!error}
          disabled={disabled}
          autoFocus={autoFocus}
          getInputProps={(index) => ({ 'aria-label': t('codeDigit', { label, n: index + 1 }) })}
        />
      </div>
    </Input.Wrapper>
  );
}
