import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/units.js';
import { useFormat } from '../../i18n/useFormat.js';

/** Units from the official list carry this start: the list does not say since when they exist. */
export const NO_KNOWN_START = '1900-01-01';

/** "1/1/2008 – 1/7/2025" or "từ 1/1/2008"; a badge once the unit is closed. */
export function UnitValidity({ unit, date }: { unit: Unit; date: string }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const closed = unit.validTo !== null && unit.validTo <= date;
  return (
    <Text size="sm" component="div" style={{ whiteSpace: 'nowrap' }}>
      {unit.validFrom === NO_KNOWN_START
        ? unit.validTo
          ? t('validity.until', { to: fmt.date(unit.validTo) })
          : t('validity.inForce')
        : unit.validTo
          ? t('validity.range', { from: fmt.date(unit.validFrom), to: fmt.date(unit.validTo) })
          : t('validity.since', { from: fmt.date(unit.validFrom) })}
      {closed && (
        <Badge ml={6} size="xs" color="gray" variant="light">
          {t('validity.closed')}
        </Badge>
      )}
    </Text>
  );
}
