import { Button, Group } from '@mantine/core';
import { IconArrowLeft, IconHome, IconMapQuestion } from '@tabler/icons-react';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { StatusScreen } from './StatusScreen.js';

export function NotFoundPage() {
  const { t } = useTranslation('common');
  const navigate = useNavigate();
  const router = useRouter();
  return (
    <StatusScreen code="404" icon={<IconMapQuestion size={34} />} title={t('notFound.title')} message={t('notFound.message')}>
      <Group justify="center">
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => router.history.back()}>
          {t('actions.back')}
        </Button>
        <Button leftSection={<IconHome size={16} />} onClick={() => void navigate({ to: '/' })}>
          {t('actions.goHome')}
        </Button>
      </Group>
    </StatusScreen>
  );
}
