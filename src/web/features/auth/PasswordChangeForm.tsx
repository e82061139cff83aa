import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, List, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useChangePassword, useCurrentUser } from '../../api/auth.js';
import { passwordProblems } from './passwordRules.js';

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

  const problems = passwordProblems({ newPassword, confirm, currentPassword, username: me.username });
  const rules = [
    { ok: [...newPassword].length >= 10, label: t('password.rules.length') },
    { ok: /\p{L}/u.test(newPassword) && /\p{N}/u.test(newPassword), label: t('password.rules.mix') },
    { ok: newPassword.length > 0 && !problems.includes('containsUsername'), label: t('password.rules.username') },
  ];

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
    submitted && (problems.includes('tooShort') || problems.includes('needsLetterAndDigit') || problems.includes('containsUsername'))
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
