import { useState } from 'react';
import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconKey, IconLock, IconLockOpen, IconShieldOff } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/users.js';
import { useCurrentUser } from '../../api/auth.js';
import { useResetPassword, useResetTotp, useSetUserDisabled } from '../../api/users.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { OneTimePasswordModal } from './OneTimePasswordModal.js';

type Pending = 'disable' | 'enable' | 'resetPassword' | 'resetTotp' | null;

/** What an administrator can do to one account. */
export function UserActions({ user }: { user: User }) {
  const { t } = useTranslation('users');
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [pending, setPending] = useState<Pending>(null);
  const [tempPassword, setTempPassword] = useState<string | null>(null);
  const setDisabled = useSetUserDisabled(user.id);
  const resetPassword = useResetPassword(user.id);
  const resetTotp = useResetTotp(user.id);
  const self = me.id === user.id;

  const close = () => {
    setPending(null);
    setDisabled.reset();
    resetPassword.reset();
    resetTotp.reset();
  };

  const confirm = () => {
    if (pending === 'disable' || pending === 'enable') {
      setDisabled.mutate(pending === 'disable', {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            message: pending === 'disable' ? t('actions.disabled', { name: user.fullName }) : t('actions.enabled', { name: user.fullName }),
          });
          close();
        },
      });
    } else if (pending === 'resetPassword') {
      resetPassword.mutate(undefined, {
        onSuccess: (r) => {
          close();
          setTempPassword(r.temporaryPassword);
        },
      });
    } else if (pending === 'resetTotp') {
      resetTotp.mutate(undefined, {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('actions.totpReset', { name: user.fullName }) });
          close();
        },
      });
    }
  };

  const texts: Record<Exclude<Pending, null>, { title: string; message: string; confirm: string; danger: boolean }> = {
    disable: { title: t('actions.disableTitle'), message: t('actions.disableText', { name: user.fullName }), confirm: t('actions.disable'), danger: true },
    enable: { title: t('actions.enableTitle'), message: t('actions.enableText', { name: user.fullName }), confirm: t('actions.enable'), danger: false },
    resetPassword: {
      title: t('actions.resetPasswordTitle'),
      message: t('actions.resetPasswordText', { name: user.fullName }),
      confirm: t('actions.resetPassword'),
      danger: false,
    },
    resetTotp: { title: t('actions.resetTotpTitle'), message: t('actions.resetTotpText', { name: user.fullName }), confirm: t('actions.resetTotp'), danger: true },
  };
  const current = pending ? texts[pending] : null;
  const error = setDisabled.error ?? resetPassword.error ?? resetTotp.error;

  return (
    <>
      <Group gap="xs" wrap="wrap">
        <Button
          variant="filled"
          leftSection={<IconEdit size={16} />}
          onClick={() => void navigate({ to: '/users/$id/edit', params: { id: user.id } })}
        >
          {t('actions.edit')}
        </Button>
        <Button variant="default" leftSection={<IconKey size={16} />} onClick={() => setPending('resetPassword')}>
          {t('actions.resetPassword')}
        </Button>
        {user.totpEnabled && (
          <Button variant="default" leftSection={<IconShieldOff size={16} />} onClick={() => setPending('resetTotp')}>
            {t('actions.resetTotp')}
          </Button>
        )}
        {!self &&
          (user.disabled ? (
            <Button variant="light" color="green" leftSection={<IconLockOpen size={16} />} onClick={() => setPending('enable')}>
              {t('actions.enable')}
            </Button>
          ) : (
            <Button variant="light" color="red" leftSection={<IconLock size={16} />} onClick={() => setPending('disable')}>
              {t('actions.disable')}
            </Button>
          ))}
      </Group>
      <ConfirmDialog
        opened={current !== null}
        title={current?.title ?? ''}
        message={current?.message ?? ''}
        confirmLabel={current?.confirm ?? ''}
        danger={current?.danger}
        loading={setDisabled.isPending || resetPassword.isPending || resetTotp.isPending}
        error={error?.message}
        onConfirm={confirm}
        onClose={close}
      />
      <OneTimePasswordModal
        password={tempPassword}
        username={user.username}
        title={t('actions.newPasswordTitle')}
        onClose={() => setTempPassword(null)}
      />
    </>
  );
}
