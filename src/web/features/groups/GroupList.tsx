import { Anchor, Badge, Group as Row, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/groups.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { GroupStatusBadge } from './GroupStatusBadge.js';

/** "Khu phố 1 · Phường Đô Vinh": the area and the unit above it. */
export function areaLine(group: Group): { name: string; parent: string | null } {
  if (!group.area) return { name: '', parent: null };
  const path = group.area.path;
  const parent = path.length >= 2 ? path[path.length - 2]!.name : null;
  return { name: group.area.label ?? group.area.name, parent };
}

/** Groups as a table on a desk, as cards on a phone; `date` is the day their status is as of. */
export function GroupList({ groups, date, dimmed, onOpen }: { groups: Group[]; date?: string; dimmed?: boolean; onOpen: (g: Group) => void }) {
  const isPhone = useIsPhone();
  if (isPhone) return <GroupCards groups={groups} date={date} onOpen={onOpen} />;
  return (
    <Paper withBorder style={{ overflow: 'hidden', opacity: dimmed ? 0.6 : 1 }}>
      <GroupTable groups={groups} date={date} onOpen={onOpen} />
    </Paper>
  );
}

function GroupTable({ groups, date, onOpen }: { groups: Group[]; date?: string; onOpen: (g: Group) => void }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table striped="odd">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.name')}</Table.Th>
            <Table.Th>{t('fields.type')}</Table.Th>
            <Table.Th>{t('fields.area')}</Table.Th>
            <Table.Th>{t('fields.status')}</Table.Th>
            <Table.Th>{t('fields.foundedOn')}</Table.Th>
            <Table.Th>{t('fields.decisionNumber')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => {
            const area = areaLine(g);
            return (
              <Table.Tr key={g.id} className="tq-clickable-row" onClick={() => onOpen(g)}>
                <Table.Td maw={320}>
                  <Anchor
                    fw={600}
                    c="dark"
                    size="sm"
                    renderRoot={(props) => <Link {...props} to="/groups/$id" params={{ id: g.id }} search={date ? { date } : {}} />}
                    onClick={(e) => e.stopPropagation()}
                  >
                    {g.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{g.type.name}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{area.name}</Text>
                  {area.parent && (
                    <Text size="xs" c="dimmed">
                      {area.parent}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <GroupStatusBadge status={g.status} since={g.statusSince} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{fmt.date(g.foundedOn)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={g.decisionNumber ? undefined : 'dimmed'}>
                    {g.decisionNumber ?? '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function GroupCards({ groups, onOpen }: { groups: Group[]; date?: string; onOpen: (g: Group) => void }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  return (
    <Stack gap="xs">
      {groups.map((g) => {
        const area = areaLine(g);
        return (
          <UnstyledButton key={g.id} onClick={() => onOpen(g)} aria-label={g.name}>
            <Paper withBorder p="sm">
              <Row wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={3} style={{ flex: 1, minWidth: 0 }}>
                  <Text fw={600}>{g.name}</Text>
                  <Badge size="xs" variant="light" color="gray" style={{ alignSelf: 'flex-start' }}>
                    {g.type.name}
                  </Badge>
                  <Text size="sm" c="dimmed">
                    {area.parent ? `${area.name} · ${area.parent}` : area.name}
                  </Text>
                  <Row gap={6} align="center">
                    <GroupStatusBadge status={g.status} since={g.statusSince} />
                  </Row>
                  <Text size="xs" c="dimmed">
                    {t('fields.foundedOn')}: {fmt.date(g.foundedOn)}
                    {g.decisionNumber && <> · {t('card.decision', { number: g.decisionNumber })}</>}
                  </Text>
                </Stack>
                <IconChevronRight size={18} color="var(--mantine-color-gray-5)" style={{ alignSelf: 'center' }} />
              </Row>
            </Paper>
          </UnstyledButton>
        );
      })}
    </Stack>
  );
}
