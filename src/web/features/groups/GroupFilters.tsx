import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { groupStatuses, type GroupStatus } from '../../../shared/groups.js';
import { useModelTypes } from '../../api/modelTypes.js';
import { DateField } from '../../components/DateField.js';
import { FilterPanel } from '../../components/FilterPanel.js';
import { SearchInput } from '../../components/SearchInput.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { todayIso } from '../../i18n/format.js';
import { useSearchText } from '../../lib/useSearchText.js';
import { groupSorts, type GroupsSearch } from '../../router.js';
import { statusLabel } from './GroupStatusBadge.js';

/** Search, area, date, type, status and order; every change lands in the URL so it can be shared. */
export function GroupFilters({ value, onChange }: { value: GroupsSearch; onChange: (next: GroupsSearch) => void }) {
  const { t } = useTranslation('groups');
  const types = useModelTypes(true);
  const { q, setQ, clear } = useSearchText(value, onChange);
  const today = todayIso();

  const set = (patch: Partial<GroupsSearch>) => onChange({ ...value, ...patch });
  const active = !!(value.q || value.unitId || value.date || value.type || value.status || value.sort);

  return (
    <FilterPanel
      cols={{ base: 1, sm: 3, lg: 6 }}
      primary={
        <SearchInput label={t('filters.search')} placeholder={t('filters.searchPlaceholder')} value={q} onChange={setQ} />
      }
      activeCount={[value.unitId, value.date, value.type, value.status, value.sort].filter(Boolean).length}
      onClear={active ? clear : undefined}
      rest={
        <>
          <UnitPicker
            label={t('filters.area')}
            placeholder={t('filters.anyArea')}
            date={value.date}
            value={value.unitId ?? null}
            onChange={(id) => set({ unitId: id ?? undefined })}
          />
          <DateField
            label={t('filters.asOf')}
            value={value.date ?? today}
            onChange={(d) => set({ date: d && d !== today ? d : undefined })}
          />
          <Select
            label={t('filters.type')}
            placeholder={t('filters.allTypes')}
            clearable
            value={value.type ?? null}
            onChange={(v) => set({ type: v ?? undefined })}
            data={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('filters.status')}
            placeholder={t('filters.allStatuses')}
            clearable
            value={value.status ?? null}
            onChange={(v) => set({ status: (v as GroupStatus | null) ?? undefined })}
            data={groupStatuses.map((s) => ({ value: s, label: statusLabel(t, s) }))}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('filters.sort')}
            value={value.sort ?? 'name'}
            onChange={(v) => set({ sort: v && v !== 'name' ? (v as GroupsSearch['sort']) : undefined })}
            data={groupSorts.map((s) => ({ value: s, label: t(`sort.${s}`) }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        </>
      }
    />
  );
}
