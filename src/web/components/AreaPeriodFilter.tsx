import { useState } from 'react';
import { SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../shared/units.js';
import { useCurrentUser } from '../api/auth.js';
import { useUnits } from '../api/units.js';
import { todayIso } from '../i18n/format.js';
import { isValidAt, monthEnd } from '../lib/dates.js';
import { DateField } from './DateField.js';
import { MonthField } from './MonthField.js';
import { UnitPicker } from './UnitPicker.js';

/** The unit an area's code names on a day: the one just picked, else the one found by its code. */
export function useAreaOnDay(unitCode: string | undefined, day: string): AreaOnDay {
  // The picker holds a unit's id; the URL its code, which names a different unit in each period.
  const [picked, setPicked] = useState<Unit | null>(null);
  const pickedFits = !!picked && picked.code === unitCode && isValidAt(picked, day);
  const lookup = useUnits({ q: unitCode ?? '', date: day, limit: 10 }, { enabled: !!unitCode && !pickedFits });
  const unit = pickedFits ? picked : (lookup.data?.items.find((u) => u.code === unitCode) ?? null);
  return { unit, remember: setPicked };
}

export interface AreaOnDay {
  unit: Unit | null;
  remember: (unit: Unit) => void;
}

/**
 * An area and a month or a day, as the census and the dashboard take them: the area by its code
 * (see useAreaOnDay), the period as YYYY-MM or YYYY-MM-DD. Heavy (the calendars): pages import it.
 */
export function AreaPeriodFilter({
  area,
  date,
  clearable,
  onUnit,
  onDate,
  unitsOn,
}: {
  area: AreaOnDay;
  date: string;
  /** The day whose units the area picker offers (the census in other boundaries); default: the period's day. */
  unitsOn?: string;
  clearable: boolean;
  onUnit: (code: string | undefined) => void;
  onDate: (date: string) => void;
}) {
  const { t } = useTranslation('census');
  const me = useCurrentUser();
  const today = todayIso();
  const byMonth = date.length === 7;
  const day = byMonth ? monthEnd(date) : date;
  const set = (d: string | null) => d && onDate(d);

  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" verticalSpacing="sm">
      <UnitPicker
        label={t('area')}
        placeholder={me.scope ? undefined : t('common:scope.nationwide')}
        date={unitsOn ?? day}
        value={area.unit?.id ?? null}
        clearable={clearable}
        onChange={(_id, unit) => {
          if (unit) area.remember(unit);
          onUnit(unit?.code);
        }}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('period')}
        </Text>
        <SegmentedControl
          size="xs"
          value={byMonth ? 'month' : 'day'}
          data={[
            { value: 'month', label: t('mode.month') },
            { value: 'day', label: t('mode.day') },
          ]}
          onChange={(mode) => set(mode === 'month' ? day.slice(0, 7) : day > today ? today : day)}
        />
      </Stack>
      {byMonth ? <MonthField label={t('month')} value={date} onChange={set} /> : <DateField label={t('day')} value={date} onChange={set} />}
    </SimpleGrid>
  );
}
