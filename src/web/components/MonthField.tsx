import 'dayjs/locale/vi';
import '@mantine/dates/styles.css';
import { MonthPickerInput } from '@mantine/dates';
import { IconCalendarMonth } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * A month picked from a Vietnamese calendar, shown as "tháng 4-2018"; the value is YYYY-MM.
 * Heavy like DateField: only the pages that need it import it.
 */
export function MonthField({
  label,
  value,
  onChange,
  w,
}: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  w?: number | string;
}) {
  const { i18n } = useTranslation('common');
  const vi = i18n.language !== 'en';
  return (
    <MonthPickerInput
      label={label}
      value={value ? `${value}-01` : null}
      onChange={(v) => onChange(v ? v.slice(0, 7) : null)}
      w={w}
      locale={vi ? 'vi' : 'en'}
      valueFormat={vi ? '[tháng] M-YYYY' : 'MMMM YYYY'}
      leftSection={<IconCalendarMonth size={16} />}
      popoverProps={{ withinPortal: true }}
    />
  );
}
