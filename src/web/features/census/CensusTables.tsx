import { useState, type ReactNode } from 'react';
import { ActionIcon, Badge, Button, Collapse, Group, Paper, SimpleGrid, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { inexactPeriod, type Census, type CensusRow } from '../../../shared/census.js';
import { Empty } from '../../components/QueryStates.js';
import { RowLink } from '../../components/RowLink.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';

type TypeRef = CensusRow['type'];
type Area = Census['breakdown'][number];

/** Sums of the rows; members only over the types that count them (null when none does). */
function totals(rows: CensusRow[]) {
  const counted = rows.filter((r) => r.members !== null);
  return {
    groups: rows.reduce((n, r) => n + r.groups, 0),
    members: counted.length > 0 ? counted.reduce((n, r) => n + (r.members ?? 0), 0) : null,
    sites: rows.reduce((n, r) => n + r.sites, 0),
  };
}

/** One row per model type, and the total. */
export function CensusTypes({ rows }: { rows: CensusRow[] }) {
  const { t } = useTranslation('census');
  const fmt = useFormat();
  const isPhone = useIsPhone();
  const num = (v: number | null) => (v === null ? '—' : fmt.number(v));
  if (rows.length === 0)
    return (
      <Paper withBorder>
        <Empty title={t('empty')} />
      </Paper>
    );
  const sum = totals(rows);

  if (isPhone) {
    const card = (key: string, name: string, r: { groups: number; members: number | null; sites: number }, strong = false) => (
      <Paper key={key} withBorder p="sm" bg={strong ? 'gray.0' : undefined}>
        <Text fw={strong ? 700 : 600} size="sm" mb={6}>
          {name}
        </Text>
        <SimpleGrid cols={3} spacing="xs">
          {(['groups', 'members', 'sites'] as const).map((k) => (
            <Stack key={k} gap={0}>
              <Text size="xs" c="dimmed">
                {t(`col.${k}`)}
              </Text>
              <Text fw={strong ? 700 : 600}>{num(r[k])}</Text>
            </Stack>
          ))}
        </SimpleGrid>
      </Paper>
    );
    return (
      <Stack gap="xs">
        {rows.map((r) => card(r.type.code, r.type.name, r))}
        {card('total', t('total'), sum, true)}
      </Stack>
    );
  }

  return (
    <Paper withBorder style={{ overflow: 'hidden' }}>
      <Table striped="odd">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('col.type')}</Table.Th>
            <Table.Th ta="right">{t('col.groups')}</Table.Th>
            <Table.Th ta="right">{t('col.members')}</Table.Th>
            <Table.Th ta="right">{t('col.sites')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.type.code}>
              <Table.Td fw={500}>{r.type.name}</Table.Td>
              <Table.Td ta="right">{num(r.groups)}</Table.Td>
              <Table.Td ta="right">{num(r.members)}</Table.Td>
              <Table.Td ta="right">{num(r.sites)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700} bg="gray.0">
            <Table.Td>{t('total')}</Table.Td>
            <Table.Td ta="right">{num(sum.groups)}</Table.Td>
            <Table.Td ta="right">{num(sum.members)}</Table.Td>
            <Table.Td ta="right">{num(sum.sites)}</Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Paper>
  );
}

/**
 * One row per sub-area, as the server orders them, with the groups of each type (members under
 * them); a settled sub-area opens its own figures.
 */
export function CensusBreakdown({
  types,
  breakdown,
  boundaries,
  onOpen,
}: {
  types: TypeRef[];
  breakdown: Area[];
  /** The day of the units the breakdown is in: an inexact line's unit of another time says when it was valid. */
  boundaries: string;
  onOpen: (code: string) => void;
}) {
  const { t } = useTranslation('census');
  const fmt = useFormat();
  const isPhone = useIsPhone();
  if (breakdown.length === 0)
    return (
      <Paper withBorder>
        <Empty title={t('noneBelow')} />
      </Paper>
    );

  const name = (a: Area) => {
    if (!a.unit) return t('unsettled');
    const p = inexactPeriod(a, boundaries);
    if (p === null) return a.unit.name;
    return 'until' in p ? t('inexact.until', { name: a.unit.name, date: fmt.date(p.until) }) : t('inexact.since', { name: a.unit.name, date: fmt.date(p.since) });
  };
  const cell = (a: Area, code: string) => a.rows.find((r) => r.type.code === code);
  // A line that opens: a sub-area of the boundaries' day (an inexact line names a unit of another day).
  const opens = (a: Area) => (a.unit && !a.inexact ? a.unit : null);
  const keyOf = (a: Area) => (a.unit ? `${a.unit.code}${a.inexact ? '~' : ''}` : 'unsettled');
  /** "Không tách chính xác được" and the sub-areas the line may belong to. */
  const inexactNote = (a: Area) =>
    a.inexact && (
      <Stack gap={2} mt={4}>
        <Badge color="orange" variant="light" size="sm" style={{ alignSelf: 'flex-start' }}>
          {t('inexact.badge')}
        </Badge>
        {a.inexact.among.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('inexact.among', { list: a.inexact.among.map((x) => x.name).join(', ') })}
          </Text>
        )}
      </Stack>
    );
  const members = (r: CensusRow | undefined) =>
    r && r.members !== null && r.groups > 0 ? t('membersShort', { n: fmt.number(r.members) }) : null;

  if (isPhone) {
    return <PhoneBreakdown types={types} breakdown={breakdown} name={name} opens={opens} keyOf={keyOf} inexactNote={inexactNote} members={members} onOpen={onOpen} />;
  }

  return (
    <Paper withBorder style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={240 + types.length * 130}>
        <Table striped="odd" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('col.area')}</Table.Th>
              {types.map((type) => (
                <Table.Th key={type.code} ta="right">
                  {type.name}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {breakdown.map((a) => {
              const unit = opens(a);
              return (
                <Table.Tr
                  key={keyOf(a)}
                  className={unit ? 'tq-clickable-row' : undefined}
                  onClick={unit ? () => onOpen(unit.code) : undefined}
                  bg={a.inexact ? 'orange.0' : undefined}
                  data-inexact={a.inexact ? true : undefined}
                >
                  <Table.Td>
                    {unit ? (
                      <RowLink onOpen={() => onOpen(unit.code)}>{unit.name}</RowLink>
                    ) : a.inexact ? (
                      <>
                        <Text size="sm" fw={500}>
                          {name(a)}
                        </Text>
                        {inexactNote(a)}
                      </>
                    ) : (
                      <Text size="sm" fs="italic" c="dimmed">
                        {name(a)}
                      </Text>
                    )}
                  </Table.Td>
                  {types.map((type) => {
                    const r = cell(a, type.code);
                    return (
                      <Table.Td key={type.code} ta="right">
                        <Text size="sm" fw={500}>
                          {fmt.number(r?.groups ?? 0)}
                        </Text>
                        {members(r) && (
                          <Text size="xs" c="dimmed">
                            {members(r)}
                          </Text>
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** Lines a phone shows at first, and how many more each "Xem thêm" adds. */
export const PHONE_LINES = 10;

/**
 * The breakdown on a phone: one line per sub-area with its total, most groups first, its name
 * opening its own figures and a chevron unfolding its types; the first lines only, more on request. Lines that
 * need attention (not exactly divisible, commune not determined) are always shown.
 */
function PhoneBreakdown({
  types,
  breakdown,
  name,
  opens,
  keyOf,
  inexactNote,
  members,
  onOpen,
}: {
  types: TypeRef[];
  breakdown: Area[];
  name: (a: Area) => string;
  opens: (a: Area) => Area['unit'];
  keyOf: (a: Area) => string;
  inexactNote: (a: Area) => ReactNode;
  members: (r: CensusRow | undefined) => string | null;
  onOpen: (code: string) => void;
}) {
  const { t } = useTranslation('census');
  const fmt = useFormat();
  const [shown, setShown] = useState(PHONE_LINES);
  const [open, setOpen] = useState<string | null>(null);
  // Most groups first (ties as the server orders them), so the first lines say the most.
  const ordered = breakdown
    .map((a, i) => ({ a, i, n: totals(a.rows).groups }))
    .sort((x, y) => y.n - x.n || x.i - y.i)
    .map((x) => x.a);
  const lines = ordered.filter((a, i) => i < shown || a.inexact || !a.unit);
  const rest = breakdown.length - lines.length;
  const cell = (a: Area, code: string) => a.rows.find((r) => r.type.code === code);

  return (
    <Stack gap={6} data-testid="census-breakdown">
      <Text size="xs" c="dimmed">
        {t('phone.order')}
      </Text>
      {lines.map((a) => {
        const key = keyOf(a);
        const unit = opens(a);
        const sum = totals(a.rows);
        const unfolded = open === key;
        return (
          <Paper key={key} withBorder px="sm" py={8} bg={a.inexact ? 'orange.0' : undefined} data-inexact={a.inexact ? true : undefined}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
                {unit ? (
                  <UnstyledButton onClick={() => onOpen(unit.code)} fw={600} fz="sm" c="var(--mantine-primary-color-filled)" style={{ textAlign: 'left' }}>
                    {name(a)}
                  </UnstyledButton>
                ) : (
                  <Text fw={600} size="sm" fs={a.unit ? undefined : 'italic'} c={a.unit ? undefined : 'dimmed'}>
                    {name(a)}
                  </Text>
                )}
                {inexactNote(a)}
              </Stack>
              {/* The total and its members stay on one line: "(15 TV)" split in two reads as two numbers. */}
              <Text size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="census-line-total">
                <Text span fw={700}>
                  {fmt.number(sum.groups)}
                </Text>
                {sum.members !== null && sum.groups > 0 && (
                  <Text span size="xs" c="dimmed">
                    {` (${t('membersShort', { n: fmt.number(sum.members) })})`}
                  </Text>
                )}
              </Text>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="md"
                aria-expanded={unfolded}
                aria-label={t('phone.detail', { name: name(a) })}
                onClick={() => setOpen(unfolded ? null : key)}
              >
                <IconChevronDown size={16} style={{ transform: unfolded ? 'rotate(180deg)' : undefined, transition: 'transform 150ms' }} />
              </ActionIcon>
            </Group>
            <Collapse expanded={unfolded}>
              <SimpleGrid cols={1} spacing={2} mt={6}>
                {types.map((type) => {
                  const r = cell(a, type.code);
                  return (
                    <Group key={type.code} justify="space-between" wrap="nowrap" gap="xs">
                      <Text size="xs" c="dimmed" lh={1.3}>
                        {type.name}
                      </Text>
                      <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                        <Text span fw={600}>
                          {fmt.number(r?.groups ?? 0)}
                        </Text>
                        {members(r) && ` (${members(r)})`}
                      </Text>
                    </Group>
                  );
                })}
              </SimpleGrid>
            </Collapse>
          </Paper>
        );
      })}
      {rest > 0 && (
        <Button variant="default" onClick={() => setShown((n) => n + 2 * PHONE_LINES)}>
          {t('phone.more', { n: fmt.number(Math.min(rest, 2 * PHONE_LINES)), rest: fmt.number(rest) })}
        </Button>
      )}
    </Stack>
  );
}
