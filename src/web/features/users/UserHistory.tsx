import { useState } from 'react';
import { Anchor, Collapse, Group, Paper, Stack, Text, Timeline, Title, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconHistory } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/audit.js';
import { useAudit } from '../../api/audit.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useFormat } from '../../i18n/useFormat.js';
import { actionKey } from '../audit/actions.js';
import { AuditDiff } from '../audit/AuditDiff.js';

const LIMIT = 10;

/** The last changes made to one user, from the audit log. */
export function UserHistory({ userId }: { userId: string }) {
  const { t } = useTranslation('users');
  const navigate = useNavigate();
  const audit = useAudit({ entityType: 'user', entityId: userId, pageSize: LIMIT });

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
      <Group justify="space-between" mb="md">
        <Group gap="xs">
          <IconHistory size={20} color="var(--mantine-color-brand-7)" />
          <Title order={3} fz="lg">
            {t('history.title')}
          </Title>
        </Group>
        {audit.data && audit.data.total > LIMIT && (
          <Anchor
            size="sm"
            href={`/audit?entityType=user&entityId=${userId}`}
            onClick={(e) => {
              e.preventDefault();
              void navigate({ to: '/audit', search: { entityType: 'user', entityId: userId } });
            }}
          >
            {t('history.all', { count: audit.data.total })}
          </Anchor>
        )}
      </Group>
      {audit.isPending ? (
        <LoadingRows rows={3} height={32} />
      ) : audit.error ? (
        <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} />
      ) : audit.data.items.length === 0 ? (
        <Empty title={t('history.empty')} icon={<IconHistory size={26} stroke={1.5} />} />
      ) : (
        <Timeline bulletSize={14} lineWidth={2} active={-1}>
          {audit.data.items.map((e) => (
            <Timeline.Item key={e.id}>
              <HistoryItem entry={e} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
    </Paper>
  );
}

function HistoryItem({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('users');
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  const hasChanges = entry.before !== null || entry.after !== null;
  const label = t(actionKey(entry.action), { defaultValue: entry.action });
  return (
    <Stack gap={2}>
      {hasChanges ? (
        <UnstyledButton
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-label={t('history.toggle', { action: label, time: fmt.dateTime(entry.at) })}
        >
          <Group gap={6} wrap="nowrap">
            {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            <Text size="sm" fw={600}>
              {label}
            </Text>
          </Group>
        </UnstyledButton>
      ) : (
        <Text size="sm" fw={600}>
          {label}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {fmt.dateTime(entry.at)} · {entry.actor ? entry.actor.fullName : t('audit:system')}
      </Text>
      {hasChanges && (
        <Collapse expanded={open}>
          <Stack mt="xs">
            <AuditDiff before={entry.before} after={entry.after} />
          </Stack>
        </Collapse>
      )}
    </Stack>
  );
}
