import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { roles, type Role } from '../../../shared/users.js';
import type { UsersSearch } from '../../router.js';
import { roleLabel } from '../../components/labels.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { FilterPanel } from '../../components/FilterPanel.js';
import { SearchInput } from '../../components/SearchInput.js';
import { useSearchText } from '../../lib/useSearchText.js';

/** Search, role, status and area; every change lands in the URL so it can be shared. */
export function UserFilters({ value, onChange }: { value: UsersSearch; onChange: (next: UsersSearch) => void }) {
  const { t } = useTranslation('users');
  const { q, setQ, clear } = useSearchText(value, onChange);

  const set = (patch: Partial<UsersSearch>) => onChange({ ...value, ...patch, page: undefined });
  const active = !!(value.q || value.role || value.status || value.unitId);

  const search = <SearchInput label={t('filters.search')} placeholder={t('filters.searchPlaceholder')} value={q} onChange={setQ} />;

  return (
    <FilterPanel
      cols={{ base: 1, sm: 2, lg: 4 }}
      primary={search}
      activeCount={[value.role, value.status, value.unitId].filter(Boolean).length}
      onClear={active ? clear : undefined}
      rest={
        <>
          <Select
            label={t('filters.role')}
            placeholder={t('filters.allRoles')}
            clearable
            value={value.role ?? null}
            onChange={(v) => set({ role: (v as Role | null) ?? undefined })}
            data={roles.map((r) => ({ value: r, label: roleLabel(t, r) }))}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('filters.status')}
            placeholder={t('filters.allStatuses')}
            clearable
            value={value.status ?? null}
            onChange={(v) => set({ status: (v as 'active' | 'disabled' | null) ?? undefined })}
            data={[
              { value: 'active', label: t('status.active') },
              { value: 'disabled', label: t('status.disabled') },
            ]}
          />
          <UnitPicker
            label={t('filters.area')}
            placeholder={t('filters.anyArea')}
            value={value.unitId ?? null}
            onChange={(id) => set({ unitId: id ?? undefined })}
          />
        </>
      }
    />
  );
}
