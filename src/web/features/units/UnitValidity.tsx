import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/useFormat.js';
import { lastDay } from '../../lib/dates.js';
import { todayIso } from '../../i18n/format.js';

/** Units from the official list carry this start: the list does not say since when they exist. */
export const NO_KNOWN_START = '1900-01-01';

export interface Period {
  validFrom: string;
  validTo: string | null;
}

/**
 * A period in words, the same everywhere: "Từ 1/7/2025", "Đến hết 30/6/2025",
 * "Từ 1/1/2008 đến hết 30/6/2025". `validTo` is exclusive, so the last day shown is the day before.
 */
export function useValidityText(): (p: Period) => string {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  return (p) => {
    const last = p.validTo ? fmt.date(lastDay(p.validTo)) : null;
    if (p.validFrom === NO_KNOWN_START) return last ? t('validity.until', { last }) : t('validity.inForce');
    return last ? t('validity.range', { from: fmt.date(p.validFrom), last }) : t('validity.since', { from: fmt.date(p.validFrom) });
  };
}

/** "Từ 1/7/2025" → "từ 1/7/2025", to follow other words in a sentence. */
export function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase() + s.slice(1);
}

/** A unit's period; a badge once it has ended (as of `date`, default today). */
export function UnitValidity({ unit, date }: { unit: Period; date?: string }) {
  const { t } = useTranslation('units');
  const text = useValidityText();
  const closed = unit.validTo !== null && unit.validTo <= (date ?? todayIso());
  return (
    <Text size="sm" component="div" style={{ whiteSpace: 'nowrap' }}>
      {text(unit)}
      {closed && (
        <Badge ml={6} size="xs" color="gray" variant="light">
          {t('validity.closed')}
        </Badge>
      )}
    </Text>
  );
}
