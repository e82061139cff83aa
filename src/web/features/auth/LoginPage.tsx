import { useState, type FormEvent } from 'react';
import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle, IconClockHour4, IconLogin } from '@tabler/icons-react';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../shared/auth.js';
import { savePreferences, useLogin } from '../../api/auth.js';
import { isApiError } from '../../api/client.js';
import { applyLanguage, currentLanguage, storedLanguage } from '../../i18n/index.js';
import { CodeInput } from '../../components/CodeInput.js';
import { useCountdown } from '../../lib/useCountdown.js';
import { forcedPath, safeRedirect } from './access.js';
import { AuthScreen } from './AuthScreen.js';

const route = getRouteApi('/login');

/** The device's language choice wins; otherwise the account's own. */
async function settleLanguage(me: Me): Promise<void> {
  if (storedLanguage() === null) {
    if (me.language !== currentLanguage()) await applyLanguage(me.language, false);
  } else if (me.language !== currentLanguage()) {
    await savePreferences(currentLanguage()).catch(() => undefined);
  }
}

export function LoginPage() {
  const { t } = useTranslation('auth');
  const search = route.useSearch();
  const router = useRouter();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [throttledUntil, setThrottledUntil] = useState<number | null>(null);
  const waitSeconds = useCountdown(throttledUntil);

  const submit = (code?: string) => {
    const totpCode = code ?? totp;
    if (!username.trim() || !password) {
      setError(t('login.missing'));
      return;
    }
    if (needTotp && !/^\d{6}$/.test(totpCode)) {
      setError(t('login.codeMissing'));
      return;
    }
    setError(null);
    login.mutate(
      { username: username.trim(), password, totp: needTotp ? totpCode : undefined },
      {
        onSuccess: async ({ user }) => {
          await settleLanguage(user);
          const next = forcedPath(user) ?? safeRedirect(search.redirect) ?? '/';
          router.history.push(next);
        },
        onError: (e) => {
          if (isApiError(e, 'TOTP_REQUIRED')) {
            setNeedTotp(true);
            setError(null);
            return;
          }
          if (isApiError(e, 'TOTP_INVALID')) setTotp('');
          if (isApiError(e, 'LOGIN_THROTTLED')) {
            const details = e.details as { retryAfterSeconds?: number } | undefined;
            const seconds = Number(details?.retryAfterSeconds ?? 60);
            setThrottledUntil(Date.now() + Math.max(1, seconds) * 1000);
          }
          setError(e.message);
        },
      },
    );
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit();
  };

  const throttled = waitSeconds > 0;

  return (
    <AuthScreen>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} fz={20}>
              {needTotp ? t('login.totpTitle') : t('login.title')}
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              {needTotp ? t('login.totpHint') : t('login.subtitle')}
            </Text>
          </div>

          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              <Stack gap={4}>
                <span>{error}</span>
                {throttled && (
                  <Text size="sm" fw={600} span>
                    <IconClockHour4 size={14} style={{ verticalAlign: -2, marginRight: 4 }} />
                    {t('login.retryIn', { seconds: waitSeconds })}
                  </Text>
                )}
              </Stack>
            </Alert>
          )}

          <TextInput
            label={t('login.username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            disabled={needTotp}
            required
            autoFocus
          />
          <PasswordInput
            label={t('login.password')}
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            disabled={needTotp}
            required
          />
          {needTotp && (
            <CodeInput
              label={t('login.code')}
              value={totp}
              onChange={setTotp}
              onComplete={(v) => submit(v)}
              disabled={login.isPending}
              autoFocus
            />
          )}

          <Button
            type="submit"
            size="md"
            fullWidth
            loading={login.isPending}
            disabled={throttled}
            leftSection={throttled ? <IconClockHour4 size={18} /> : <IconLogin size={18} />}
          >
            {throttled ? t('login.wait', { seconds: waitSeconds }) : t('login.submit')}
          </Button>
          {needTotp && (
            <Button
              variant="subtle"
              color="gray"
              onClick={() => {
                setNeedTotp(false);
                setTotp('');
                setError(null);
              }}
            >
              {t('login.otherAccount')}
            </Button>
          )}
        </Stack>
      </form>
    </AuthScreen>
  );
}
