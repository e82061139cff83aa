import { Fragment, useState } from 'react';
import { ActionIcon, Box, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/audit.js';
import { useFormat } from '../../i18n/useFormat.js';
import { AuditDiff } from './AuditDiff.js';
import { ActionBadge, ActorCell, EntityCell } from './AuditEntryParts.js';

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation('audit');
  const fmt = useFormat();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Table.ScrollContainer minWidth={860}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={44} />
            <Table.Th>{t('columns.time')}</Table.Th>
            <Table.Th>{t('columns.actor')}</Table.Th>
            <Table.Th>{t('columns.action')}</Table.Th>
            <Table.Th>{t('columns.entity')}</Table.Th>
            <Table.Th>{t('columns.ip')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => {
            const expanded = open.has(e.id);
            return (
              <Fragment key={e.id}>
                <Table.Tr className="tq-clickable-row" onClick={() => toggle(e.id)} bg={expanded ? 'gray.0' : undefined}>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      aria-expanded={expanded}
                      aria-label={expanded ? t('collapse') : t('expand')}
                      onClick={(ev) => {
                        ev.stopPropagation();
                        toggle(e.id);
                      }}
                    >
                      {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {fmt.dateTime(e.at)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ActorCell actor={e.actor} />
                  </Table.Td>
                  <Table.Td>
                    <ActionBadge action={e.action} />
                  </Table.Td>
                  <Table.Td maw={260}>
                    <EntityCell entry={e} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" className="tq-mono" c={e.ip ? undefined : 'dimmed'}>
                      {e.ip ?? '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
                {expanded && (
                  <Table.Tr bg="gray.0">
                    <Table.Td />
                    <Table.Td colSpan={5}>
                      <Box py="xs" pr="sm">
                        <AuditDiff before={e.before} after={e.after} />
                        {e.requestId && (
                          <Text size="xs" c="dimmed" mt={6}>
                            {t('requestId')}: <span className="tq-mono">{e.requestId}</span>
                          </Text>
                        )}
                      </Box>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
