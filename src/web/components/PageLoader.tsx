import { Center, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown while a page's code or first data arrives. */
export function PageLoader() {
  const { t } = useTranslation('common');
  return (
    <Center mih={240} w="100%">
      <Stack align="center" gap="xs">
        <Loader color="brand" type="dots" />
        <Text size="sm" c="dimmed">
          {t('loading')}
        </Text>
      </Stack>
    </Center>
  );
}
