import { AreaPeriodFilter, useAreaOnDay } from '../../components/AreaPeriodFilter.js';
import { monthEnd } from '../../lib/dates.js';

/**
 * The dashboard's area and period, with the area looked up by its code: a module of its own, so
 * that the calendars behind it (@mantine/dates) load after the home page's first screen.
 */
export function DashboardFilter({
  unitCode,
  date,
  clearable,
  onUnit,
  onDate,
}: {
  unitCode: string | undefined;
  date: string;
  clearable: boolean;
  onUnit: (code: string | undefined) => void;
  onDate: (date: string) => void;
}) {
  const area = useAreaOnDay(unitCode, date.length === 7 ? monthEnd(date) : date);
  return <AreaPeriodFilter area={area} date={date} clearable={clearable} onUnit={onUnit} onDate={onDate} />;
}
