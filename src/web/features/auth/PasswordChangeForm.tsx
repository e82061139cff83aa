import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, List, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useChangePassword, useCurrentUser } from '../../api/auth.js';
import { passwordProblems } from './passwordRules.js';
import { minPasswordLength, PASSWORD_MAX_LENGTH } from '../../../shared/passwords.js';

/** Current, new and confirmed password; the rules are shown as they are met. */
export function PasswordChangeForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation('auth');
  const me = useCurrentUser();
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);

  const secondFactor = me.totpEnabled;
  const problems = passwordProblems({ newPassword, confirm, currentPassword, username: me.username, secondFactor });
  const filled = newPassword.length > 0;
  const rules = [
    {
      ok: filled && !problems.includes('tooShort') && !problems.includes('tooLong'),
      label: t('password.rules.length', { min: minPasswordLength(secondFactor), max: PASSWORD_MAX_LENGTH }),
    },
    { ok: filled && !problems.includes('repetitive') && !problems.includes('sequential'), label: t('password.rules.pattern') },
    {
      ok: filled && !problems.includes('containsUsername') && !problems.includes('containsProductName'),
      label: t('password.rules.username'),
    },
  ];
  const weak = (['tooShort', 'tooLong', 'repetitive', 'sequential', 'containsUsername', 'containsProductName'] as const).some((p) =>
    problems.includes(p),
  );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServerError(null);
    if (!currentPassword || problems.length > 0) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('');
          setNew('');
          setConfirm('');
          setSubmitted(false);
          notifications.show({ color: 'green', title: t('password.doneTitle'), message: t('password.done') });
          onDone?.();
        },
        onError: (err) => setServerError(err.message),
      },
    );
  };

  const newError =
    submitted && weak
      ? t('password.errors.weak')
      : submitted && problems.includes('sameAsCurrent')
        ? t('password.errors.same')
        : null;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md" maw={440}>
        {serverError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {serverError}
          </Alert>
        )}
        <PasswordInput
          label={t('password.current')}
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={submitted && !currentPassword ? t('password.errors.currentMissing') : null}
          required
        />
        <PasswordInput
          label={t('password.new')}
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.currentTarget.value)}
          error={newError}
          required
        />
        <List spacing={4} size="sm" center aria-label={t('password.rules.title')}>
          {rules.map((r) => (
            <List.Item
              key={r.label}
              icon={
                r.ok ? (
                  <IconCheck size={16} color="var(--mantine-color-green-7)" />
                ) : (
                  <IconCircleDashed size={16} color="var(--mantine-color-gray-5)" />
                )
              }
            >
              <Text size="sm" c={r.ok ? 'green.8' : 'dimmed'}>
                {r.label}
              </Text>
            </List.Item>
          ))}
        </List>
        <Text size="sm" c="dimmed">
          {t('password.rules.common')}
        </Text>
        <PasswordInput
          label={t('password.confirm')}
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={submitted && problems.includes('mismatch') ? t('password.errors.mismatch') : null}
          required
        />
        <Group>
          <Button type="submit" loading={change.isPending}>
            {t('password.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
