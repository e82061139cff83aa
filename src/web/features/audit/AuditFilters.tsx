import { useEffect, useState } from 'react';
import { Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AuditSearch } from '../../router.js';
import { DateField } from '../../components/DateField.js';
import { FilterPanel } from '../../components/FilterPanel.js';
import { actionKey, auditActions, auditEntityTypes, entityTypeKey } from './actions.js';

export function AuditFilters({ value, onChange }: { value: AuditSearch; onChange: (next: AuditSearch) => void }) {
  const { t } = useTranslation('audit');
  const [actor, setActor] = useState(value.actor ?? '');
  const [debouncedActor] = useDebouncedValue(actor.trim(), 300);

  useEffect(() => {
    if ((debouncedActor || undefined) !== value.actor) onChange({ ...value, actor: debouncedActor || undefined, page: undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedActor]);

  useEffect(() => {
    if ((value.actor ?? '') !== actor.trim()) setActor(value.actor ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value.actor]);

  const set = (patch: Partial<AuditSearch>) => onChange({ ...value, ...patch, page: undefined });
  const active = Object.entries(value).some(([k, v]) => k !== 'page' && v !== undefined);

  return (
    <FilterPanel
      cols={{ base: 1, xs: 2, lg: 5 }}
      primary={
        <TextInput
          label={t('filters.actor')}
          placeholder={t('filters.actorPlaceholder')}
          leftSection={<IconUser size={16} />}
          value={actor}
          onChange={(e) => setActor(e.currentTarget.value)}
          autoCapitalize="none"
          spellCheck={false}
        />
      }
      activeCount={[value.action, value.entityType, value.from, value.to].filter(Boolean).length}
      onClear={
        active
          ? () => {
              setActor('');
              onChange({});
            }
          : undefined
      }
      footer={
        value.entityId ? (
          <Text size="xs" c="dimmed">
            {t('filters.entityId')}: <span className="tq-mono">{value.entityId}</span>
          </Text>
        ) : undefined
      }
      rest={
        <>
          <Select
            label={t('filters.action')}
            placeholder={t('filters.allActions')}
            searchable
            clearable
            value={value.action ?? null}
            onChange={(v) => set({ action: v ?? undefined })}
            data={auditActions.map((a) => ({ value: a, label: t(actionKey(a)) }))}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('filters.entityType')}
            placeholder={t('filters.allEntities')}
            clearable
            value={value.entityType ?? null}
            onChange={(v) => set({ entityType: v ?? undefined, entityId: undefined })}
            data={auditEntityTypes.map((e) => ({ value: e, label: t(entityTypeKey(e)) }))}
          />
          <DateField
            label={t('filters.from')}
            value={value.from ?? null}
            onChange={(d) => set({ from: d ?? undefined })}
            maxDate={value.to}
            clearable
          />
          <DateField
            label={t('filters.to')}
            value={value.to ?? null}
            onChange={(d) => set({ to: d ?? undefined })}
            minDate={value.from}
            clearable
          />
        </>
      }
    />
  );
}
