import { Alert, Paper } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { meQuery, useCurrentUser } from '../../api/auth.js';
import { PageHeader } from '../../components/PageHeader.js';
import { forcedPath } from './access.js';
import { PasswordChangeForm } from './PasswordChangeForm.js';

export function ChangePasswordPage() {
  const { t } = useTranslation('auth');
  const me = useCurrentUser();
  const client = useQueryClient();
  const navigate = useNavigate();

  const done = async () => {
    const fresh = await client.fetchQuery({ ...meQuery, staleTime: 0 });
    if (!fresh) return;
    await navigate({ to: forcedPath(fresh) ?? '/' });
  };

  return (
    <>
      <PageHeader
        title={t('password.title')}
        description={t('password.description')}
        crumbs={me.mustChangePassword ? undefined : [{ label: t('common:nav.home'), to: '/' }, { label: t('password.title') }]}
      />
      {me.mustChangePassword && (
        <Alert color="yellow" variant="light" icon={<IconKey size={18} />} mb="md" title={t('password.forcedTitle')} maw={720}>
          {t('password.forced')}
        </Alert>
      )}
      <Paper withBorder p={{ base: 'md', sm: 'xl' }} maw={720}>
        <PasswordChangeForm onDone={() => void done()} />
      </Paper>
    </>
  );
}
