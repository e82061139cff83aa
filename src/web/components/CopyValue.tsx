import { ActionIcon, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A value in a box with a copy button next to it. */
export function CopyValue({ value, display, label }: { value: string; display?: string; label: string }) {
  const { t } = useTranslation('common');
  return (
    <Group
      gap="xs"
      wrap="nowrap"
      justify="space-between"
      px="sm"
      py={8}
      bg="gray.0"
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-sm)' }}
    >
      <Text className="tq-mono" fw={600} fz={{ base: 'sm', xs: 'md' }} style={{ overflowWrap: 'anywhere' }} aria-label={label}>
        {display ?? value}
      </Text>
      <CopyButton value={value} timeout={2000}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? t('copy.done') : t('copy.action')} withArrow position="left">
            <ActionIcon
              color={copied ? 'teal' : 'gray'}
              variant="subtle"
              onClick={copy}
              aria-label={copied ? t('copy.done') : t('copy.labelled', { label })}
            >
              {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
