import { useState } from 'react';
import { Loader, Paper, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../shared/people.js';
import { usePeople } from '../../api/people.js';
import { ErrorAlert } from '../../components/QueryStates.js';
import { personLine } from './personLabels.js';

/** Typed digits only: an ID number, matched exactly; anything else: a name, diacritics optional. */
export function searchOf(text: string): { q?: string; cccd?: string } {
  const s = text.trim();
  if (!s) return {};
  const digits = s.replace(/[\s.-]/g, '');
  return /^\d{9,}$/.test(digits) ? { cccd: digits } : { q: s };
}

/** Finds a person already on record, by name or by the whole ID number. */
export function PersonSearch({ onPick }: { onPick: (p: Person) => void }) {
  const { t } = useTranslation('people');
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 300);
  const filters = searchOf(debounced);
  const enabled = !!(filters.q || filters.cccd);
  const people = usePeople({ ...filters, pageSize: 8 }, { enabled });

  return (
    <Stack gap="xs">
      <TextInput
        label={t('search.label')}
        description={t('search.hint')}
        placeholder={t('search.placeholder')}
        leftSection={<IconSearch size={16} />}
        rightSection={people.isFetching && enabled ? <Loader size={14} /> : undefined}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        type="search"
        data-autofocus
      />
      {!enabled ? null : people.error ? (
        <ErrorAlert error={people.error} onRetry={() => void people.refetch()} />
      ) : people.data && people.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('search.nothing')}
        </Text>
      ) : (
        <Stack gap={6} role="list" aria-label={t('search.results')}>
          {(people.data?.items ?? []).map((p) => (
            <UnstyledButton key={p.id} onClick={() => onPick(p)} role="listitem" aria-label={p.fullName}>
              <Paper withBorder p="xs" className="tq-pickable">
                <Text size="sm" fw={600}>
                  {p.fullName}
                </Text>
                <Text size="xs" c="dimmed">
                  {personLine(t, p)}
                </Text>
              </Paper>
            </UnstyledButton>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
