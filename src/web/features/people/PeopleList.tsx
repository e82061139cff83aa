import { Anchor, Paper, Stack, Table, Text, UnstyledButton, Group as Row } from '@mantine/core';
import { IconChevronRight } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../shared/people.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { addressLabel, birthLabel, genderLabel } from './personLabels.js';

/** People as a table on a desk, as cards on a phone. */
export function PeopleList({ people, dimmed, onOpen }: { people: Person[]; dimmed?: boolean; onOpen: (p: Person) => void }) {
  const isPhone = useIsPhone();
  if (isPhone) return <PeopleCards people={people} onOpen={onOpen} />;
  return (
    <Paper withBorder style={{ overflow: 'hidden', opacity: dimmed ? 0.6 : 1 }}>
      <PeopleTable people={people} onOpen={onOpen} />
    </Paper>
  );
}

function PeopleTable({ people, onOpen }: { people: Person[]; onOpen: (p: Person) => void }) {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const dash = (
    <Text size="sm" c="dimmed">
      —
    </Text>
  );
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped="odd">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fields.fullName')}</Table.Th>
            <Table.Th>{t('fields.gender')}</Table.Th>
            <Table.Th>{t('fields.born')}</Table.Th>
            <Table.Th>{t('fields.cccd')}</Table.Th>
            <Table.Th>{t('fields.phone')}</Table.Th>
            <Table.Th>{t('fields.address')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {people.map((p) => {
            const birth = birthLabel(p, fmt.lang);
            const address = addressLabel(p);
            return (
              <Table.Tr key={p.id} className="tq-clickable-row" onClick={() => onOpen(p)}>
                <Table.Td>
                  <Anchor
                    fw={600}
                    c="dark"
                    size="sm"
                    renderRoot={(props) => <Link {...props} to="/people/$id" params={{ id: p.id }} />}
                    onClick={(e) => e.stopPropagation()}
                  >
                    {p.fullName}
                  </Anchor>
                  {p.occupation && (
                    <Text size="xs" c="dimmed">
                      {p.occupation}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{p.gender ? <Text size="sm">{genderLabel(t, p.gender)}</Text> : dash}</Table.Td>
                <Table.Td>{birth ? <Text size="sm">{birth}</Text> : dash}</Table.Td>
                <Table.Td>
                  {p.cccdMasked ? (
                    <Text size="sm" className="tq-mono">
                      {p.cccdMasked}
                    </Text>
                  ) : (
                    dash
                  )}
                </Table.Td>
                <Table.Td>{p.phone ? <Text size="sm">{p.phone}</Text> : dash}</Table.Td>
                <Table.Td maw={320}>{address ? <Text size="sm">{address}</Text> : dash}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PeopleCards({ people, onOpen }: { people: Person[]; onOpen: (p: Person) => void }) {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  return (
    <Stack gap="xs">
      {people.map((p) => {
        const birth = birthLabel(p, fmt.lang);
        const address = addressLabel(p);
        return (
          <UnstyledButton key={p.id} onClick={() => onOpen(p)} aria-label={p.fullName}>
            <Paper withBorder p="sm">
              <Row wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={3} style={{ flex: 1, minWidth: 0 }}>
                  <Text fw={600}>{p.fullName}</Text>
                  <Text size="sm" c="dimmed">
                    {[p.gender ? genderLabel(t, p.gender) : null, birth ? t('line.born', { birth }) : null].filter(Boolean).join(' · ') || t('page.none')}
                  </Text>
                  {(p.cccdMasked || p.phone) && (
                    <Text size="sm">
                      {p.cccdMasked && <span className="tq-mono">{p.cccdMasked}</span>}
                      {p.cccdMasked && p.phone && ' · '}
                      {p.phone}
                    </Text>
                  )}
                  {address && (
                    <Text size="xs" c="dimmed">
                      {address}
                    </Text>
                  )}
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
