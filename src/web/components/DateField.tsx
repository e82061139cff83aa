import 'dayjs/locale/vi';
import '@mantine/dates/styles.css';
import { DateInput } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { parseVietnameseDate } from '../i18n/format.js';

/**
 * A date typed as 11/5/2018 or picked from a Vietnamese calendar; the value is YYYY-MM-DD.
 * Heavy (dayjs, the calendar): only the pages that need it import it.
 */
export function DateField({
  label,
  value,
  onChange,
  description,
  error,
  required,
  clearable,
  minDate,
  maxDate,
  w,
}: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  description?: string;
  error?: string | null;
  required?: boolean;
  clearable?: boolean;
  minDate?: string;
  maxDate?: string;
  w?: number | string;
}) {
  const { t, i18n } = useTranslation('common');
  const vi = i18n.language !== 'en';
  return (
    <DateInput
      label={label}
      description={description}
      error={error}
      required={required}
      clearable={clearable}
      value={value}
      onChange={onChange}
      minDate={minDate}
      maxDate={maxDate}
      w={w}
      locale={vi ? 'vi' : 'en'}
      valueFormat={vi ? 'D/M/YYYY' : 'D MMM YYYY'}
      dateParser={(text) => parseVietnameseDate(text)}
      placeholder={t('date.placeholder')}
      leftSection={<IconCalendar size={16} />}
      popoverProps={{ withinPortal: true }}
      firstDayOfWeek={1}
    />
  );
}
