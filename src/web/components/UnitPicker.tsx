import { useMemo, useRef, useState } from 'react';
import { Group, Loader, Select, Stack, Text, type ComboboxItem } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMapPin } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Unit, UnitLevel } from '../../shared/units.js';
import { useUnit, useUnits } from '../api/units.js';
import { useFormat } from '../i18n/useFormat.js';
import { lastDay } from '../lib/dates.js';
import { unitTitle } from './labels.js';

/** How the picker names a unit: a village that shares its name in its commune says what tells it apart. */
const pickerTitle = (u: Unit) => unitTitle({ kind: u.kind, name: u.label ?? u.name });

export interface UnitPickerProps {
  label: string;
  value: string | null;
  onChange: (id: string | null, unit: Unit | null) => void;
  description?: string;
  placeholder?: string;
  error?: string | null;
  level?: UnitLevel;
  date?: string;
  clearable?: boolean;
  required?: boolean;
  disabled?: boolean;
  w?: number | string;
}

/** "Phước Dinh · Tỉnh Ninh Thuận › Huyện Thuận Nam": where a unit sits, above it. */
export function parentPath(unit: Unit): string {
  return unit.path
    .slice(0, -1)
    .map((p) => p.name)
    .join(' › ');
}

/**
 * Picks an administrative unit by typing part of its name (accents optional, dashes as spaces:
 * the server matches "thap cham" to "Phan Rang-Tháp Chàm"). With a `date`, only the units that
 * exist on that day are offered. The value is the unit's id.
 */
export function UnitPicker({
  label,
  value,
  onChange,
  description,
  placeholder,
  error,
  level,
  date,
  clearable = true,
  required,
  disabled,
  w,
}: UnitPickerProps) {
  const { t } = useTranslation('common');
  const fmt = useFormat();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const known = useRef(new Map<string, Unit>());

  const selected = useUnit(value && !known.current.has(value) ? value : null);
  if (selected.data) known.current.set(selected.data.id, selected.data);
  const selectedUnit = value ? known.current.get(value) : undefined;
  // Typing the chosen unit's own label is not a new search.
  const query = selectedUnit && debounced === pickerTitle(selectedUnit) ? '' : debounced;

  const results = useUnits({ q: query, limit: 20, level, date }, { enabled: query.length >= 1 });
  const items = query.length >= 1 ? (results.data?.items ?? []) : [];
  for (const u of items) known.current.set(u.id, u);

  const data = useMemo(() => {
    const list: ComboboxItem[] = items.map((u) => ({ value: u.id, label: pickerTitle(u) }));
    if (selectedUnit && !list.some((o) => o.value === selectedUnit.id)) {
      list.unshift({ value: selectedUnit.id, label: pickerTitle(selectedUnit) });
    }
    return list;
  }, [items, selectedUnit]);

  const searching = results.isFetching && query.length >= 1;
  const nothing =
    search.trim().length === 0 ? t('unitPicker.typeToSearch') : searching ? t('unitPicker.searching') : t('unitPicker.nothing');

  return (
    <Select
      label={label}
      description={description}
      placeholder={placeholder ?? t('unitPicker.placeholder')}
      error={error}
      required={required}
      disabled={disabled}
      w={w}
      searchable
      clearable={clearable}
      value={value}
      data={data}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={nothing}
      leftSection={<IconMapPin size={16} />}
      rightSection={searching ? <Loader size={14} /> : undefined}
      maxDropdownHeight={320}
      // Wide enough for a whole name, "Khu phố 1 (Phước Mỹ cũ)", even under a narrow field.
      comboboxProps={{ withinPortal: true, width: 'max-content', position: 'bottom-start', styles: { dropdown: { minWidth: 220, maxWidth: 'min(30rem, 95vw)' } } }}
      onChange={(id) => onChange(id, id ? (known.current.get(id) ?? null) : null)}
      renderOption={({ option }) => {
        const unit = known.current.get(option.value);
        return (
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={500} truncate>
                {option.label}
              </Text>
              {unit?.validTo && (
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  ({t('unitPicker.until', { date: fmt.date(lastDay(unit.validTo)) })})
                </Text>
              )}
            </Group>
            {unit && parentPath(unit) && (
              <Text size="xs" c="dimmed" truncate>
                {parentPath(unit)}
              </Text>
            )}
          </Stack>
        );
      }}
    />
  );
}
