import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ModelType } from '../../../shared/model-types.js';
import { useFormat } from '../../i18n/useFormat.js';

/** Who the type belongs to: built in, the whole country, or one province. */
export function OriginBadge({ type }: { type: ModelType }) {
  const { t } = useTranslation('modelTypes');
  if (type.builtIn)
    return (
      <Badge size="sm" variant="light" color="brand">
        {t('origin.builtIn')}
      </Badge>
    );
  if (type.provinceCode)
    return (
      <Badge size="sm" variant="light" color="grape">
        {t('origin.province', { code: type.provinceCode })}
      </Badge>
    );
  return (
    <Badge size="sm" variant="light" color="teal">
      {t('origin.national')}
    </Badge>
  );
}

/** In use, or retired from a date. */
export function UseBadge({ type }: { type: ModelType }) {
  const { t } = useTranslation('modelTypes');
  const fmt = useFormat();
  return type.retiredOn ? (
    <Badge size="sm" variant="light" color="gray">
      {t('use.retired', { date: fmt.date(type.retiredOn) })}
    </Badge>
  ) : (
    <Badge size="sm" variant="light" color="green">
      {t('use.inUse')}
    </Badge>
  );
}

export function CountsMembers({ type }: { type: ModelType }) {
  const { t } = useTranslation('modelTypes');
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" c={type.countsMembers ? undefined : 'dimmed'}>
        {type.countsMembers ? t('yes') : t('no')}
      </Text>
    </Group>
  );
}
