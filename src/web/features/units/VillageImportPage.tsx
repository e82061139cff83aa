import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Group, Pagination, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconCircleCheck, IconDownload } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { VillageImportResult } from '../../../shared/units.js';
import { useVillageImport, VILLAGE_TEMPLATE_URL } from '../../api/units.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ImportStats, SheetFileButton, SheetImportProblems, SheetPreviewPanel, useSheetImportFlow } from '../../components/SheetImport.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';

type Row = VillageImportResult['rows'][number];
type Action = Row['action'];
const actionColors: Record<Action, string> = { create: 'green', rename: 'blue', unchanged: 'gray', error: 'red' };
const ROWS_PER_PAGE = 50;

/** Villages and neighbourhoods from a spreadsheet: preview first, then write all rows or none. */
export function VillageImportPage() {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const navigate = useNavigate();
  const flow = useSheetImportFlow(useVillageImport(), useVillageImport());
  const { preview, committedResult: done } = flow;
  const canCommit = !!flow.file && !!preview && !flow.committed && flow.errors.length === 0 && preview.create + preview.rename > 0;

  return (
    <>
      <PageHeader
        title={t('villages.title')}
        description={t('villages.description')}
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title'), to: '/units' }, { label: t('villages.title') }]}
      />
      <Stack gap="md">
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <Stack gap="xs">
              <Group gap="xs" wrap="nowrap">
                <Badge variant="light">1</Badge>
                <Text fw={700}>{t('villages.step1')}</Text>
              </Group>
              <Text size="sm">{t('villages.templateText')}</Text>
              <Group>
                <Button component="a" href={VILLAGE_TEMPLATE_URL} download variant="default" leftSection={<IconDownload size={16} />}>
                  {t('villages.template')}
                </Button>
              </Group>
            </Stack>
            <Stack gap="xs">
              <Group gap="xs" wrap="nowrap">
                <Badge variant="light">2</Badge>
                <Text fw={700}>{t('villages.step2')}</Text>
              </Group>
              <Text size="sm">{t('villages.chooseText')}</Text>
              <SheetFileButton flow={flow} />
            </Stack>
          </SimpleGrid>
        </Paper>

        <SheetImportProblems flow={flow} />

        {done && (
          <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />} title={t('villages.committedTitle')} role="status">
            <Stack gap="xs">
              <Text size="sm">
                {t('villages.committed', { create: fmt.number(done.create), rename: fmt.number(done.rename), unchanged: fmt.number(done.unchanged) })}
              </Text>
              <Group>
                <Button size="xs" variant="white" color="dark" onClick={() => void navigate({ to: '/units' })}>
                  {t('import.openUnits')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}

        {(flow.result || flow.refused !== null) && (
          <SheetPreviewPanel
            flow={flow}
            canCommit={canCommit}
            stats={flow.result && <Counts result={flow.result} errors={flow.errors.length} />}
            nothingToDo={flow.result && flow.result.create + flow.result.rename === 0 ? t('villages.nothingToDo') : null}
          >
            {flow.result && flow.result.rows.length > 0 && <RowsTable rows={flow.result.rows} />}
          </SheetPreviewPanel>
        )}
      </Stack>
    </>
  );
}

function Counts({ result, errors }: { result: VillageImportResult; errors: number }) {
  const { t } = useTranslation('units');
  return (
    <ImportStats
      items={[
        { label: t('villages.count.total'), value: result.total, color: 'dark' },
        { label: t('villages.count.create'), value: result.create, color: 'green' },
        { label: t('villages.count.rename'), value: result.rename, color: 'blue' },
        { label: t('villages.count.unchanged'), value: result.unchanged, color: 'gray' },
        { label: t('villages.count.errors'), value: errors, color: 'red' },
      ]}
    />
  );
}

function ActionBadge({ action }: { action: Action }) {
  const { t } = useTranslation('units');
  return (
    <Badge size="sm" variant="light" color={actionColors[action]}>
      {t(`villages.action.${action}`)}
    </Badge>
  );
}

function RowsTable({ rows }: { rows: Row[] }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const isPhone = useIsPhone();
  const [filter, setFilter] = useState<'all' | Action>('all');
  const [page, setPage] = useState(1);
  const shown = useMemo(() => (filter === 'all' ? rows : rows.filter((r) => r.action === filter)), [rows, filter]);
  const pages = Math.max(1, Math.ceil(shown.length / ROWS_PER_PAGE));
  const slice = shown.slice((page - 1) * ROWS_PER_PAGE, page * ROWS_PER_PAGE);
  const counts = (a: Action) => rows.filter((r) => r.action === a).length;

  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="sm">
        <Text fw={600}>{t('villages.rowsTitle')}</Text>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => {
            setFilter(v as 'all' | Action);
            setPage(1);
          }}
          data={[
            { value: 'all', label: `${t('villages.filterAll')} (${fmt.number(rows.length)})` },
            ...(['create', 'rename', 'unchanged', 'error'] as const)
              .filter((a) => counts(a) > 0)
              .map((a) => ({ value: a, label: `${t(`villages.action.${a}`)} (${fmt.number(counts(a))})` })),
          ]}
        />
      </Group>
      {isPhone ? (
        <Stack gap="xs">
          {slice.map((r) => (
            <Paper key={r.row} withBorder p="xs">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600}>
                    {r.kind && r.name && !r.name.startsWith(r.kind) ? `${r.kind} ${r.name}` : (r.name ?? '—')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('villages.col.row')} {r.row} · {r.code ?? '—'} · {r.communeName ?? r.communeCode ?? '—'}
                  </Text>
                </Stack>
                <ActionBadge action={r.action} />
              </Group>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Paper withBorder style={{ overflow: 'hidden' }}>
          <Table.ScrollContainer minWidth={820}>
            <Table striped="odd">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>{t('villages.col.row')}</Table.Th>
                  <Table.Th>{t('villages.col.commune')}</Table.Th>
                  <Table.Th>{t('fields.code')}</Table.Th>
                  <Table.Th>{t('fields.name')}</Table.Th>
                  <Table.Th>{t('fields.kind')}</Table.Th>
                  <Table.Th>{t('fields.validFrom')}</Table.Th>
                  <Table.Th>{t('villages.col.action')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {slice.map((r) => (
                  <Table.Tr key={r.row}>
                    <Table.Td>{r.row}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{r.communeName ?? '—'}</Text>
                      {r.communeCode && (
                        <Text size="xs" c="dimmed" className="tq-mono">
                          {r.communeCode}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td className="tq-mono">{r.code ?? '—'}</Table.Td>
                    <Table.Td>{r.name ?? '—'}</Table.Td>
                    <Table.Td>{r.kind ?? '—'}</Table.Td>
                    <Table.Td>{r.validFrom ? (/^\d{4}-\d{2}-\d{2}$/.test(r.validFrom) ? fmt.date(r.validFrom) : r.validFrom) : '—'}</Table.Td>
                    <Table.Td>
                      <ActionBadge action={r.action} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {pages > 1 && (
        <Group justify="flex-end">
          <Pagination total={pages} value={page} onChange={setPage} size="sm" />
        </Group>
      )}
    </Stack>
  );
}
