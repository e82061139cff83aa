import { useState } from 'react';
import { Button, Collapse, Group, Paper, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/audit.js';
import { useFormat } from '../../i18n/useFormat.js';
import { AuditDiff } from './AuditDiff.js';
import { ActionBadge, ActorCell, EntityCell } from './AuditEntryParts.js';

/** The audit log on a phone: one card per entry, changes on demand. */
export function AuditCards({ entries }: { entries: AuditEntry[] }) {
  return (
    <Stack gap="xs">
      {entries.map((e) => (
        <AuditCard key={e.id} entry={e} />
      ))}
    </Stack>
  );
}

function AuditCard({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('audit');
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  return (
    <Paper withBorder p="sm">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <ActionBadge action={entry.action} />
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {fmt.dateTime(entry.at)}
          </Text>
        </Group>
        <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
          <ActorCell actor={entry.actor} />
          <EntityCell entry={entry} />
        </Group>
        {entry.ip && (
          <Text size="xs" c="dimmed">
            {t('columns.ip')}: <span className="tq-mono">{entry.ip}</span>
          </Text>
        )}
        <Button
          variant="subtle"
          size="compact-sm"
          color="gray"
          leftSection={open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          style={{ alignSelf: 'flex-start' }}
        >
          {open ? t('collapse') : t('expand')}
        </Button>
        <Collapse expanded={open}>
          <AuditDiff before={entry.before} after={entry.after} />
        </Collapse>
      </Stack>
    </Paper>
  );
}
