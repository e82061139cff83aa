import { useMemo, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  FileButton,
  Group,
  Pagination,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { RowError, VillageImportResult } from '../../../shared/units.js';
import { isApiError } from '../../api/client.js';
import { useVillageImport, VILLAGE_TEMPLATE_URL } from '../../api/units.js';
import { PageHeader } from '../../components/PageHeader.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';

type Row = VillageImportResult['rows'][number];
type Action = Row['action'];
const actionColors: Record<Action, string> = { create: 'green', rename: 'blue', unchanged: 'gray', error: 'red' };
const ROWS_PER_PAGE = 50;

/** The errors a refused commit carries (400 IMPORT_ROWS_INVALID), in the preview's shape. */
function rowErrorsOf(error: unknown): RowError[] | null {
  if (!isApiError(error, 'IMPORT_ROWS_INVALID')) return null;
  const details = error.details as { errors?: RowError[] } | undefined;
  return Array.isArray(details?.errors) ? details.errors : null;
}

/** Villages and neighbourhoods from a spreadsheet: preview first, then write all rows or none. */
export function VillageImportPage() {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const preview = useVillageImport();
  const commit = useVillageImport();

  const choose = (f: File | null) => {
    setFile(f);
    commit.reset();
    preview.reset();
    if (f) preview.mutate({ file: f, commit: false });
  };

  const result = commit.data ?? preview.data;
  const refusedRows = rowErrorsOf(commit.error) ?? rowErrorsOf(preview.error);
  const otherError = [commit.error, preview.error].find((e) => e && !rowErrorsOf(e));
  const errors = refusedRows ?? result?.errors ?? [];
  const committed = !!commit.data?.committed;
  const canCommit = !!file && !!preview.data && !committed && errors.length === 0 && preview.data.create + preview.data.rename > 0;

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
              <Group gap="sm">
                <FileButton onChange={choose} accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv">
                  {(props) => (
                    <Button {...props} leftSection={<IconFileSpreadsheet size={16} />} loading={preview.isPending} variant={file ? 'default' : 'filled'}>
                      {file ? t('villages.chooseOther') : t('villages.choose')}
                    </Button>
                  )}
                </FileButton>
                {file && (
                  <Text size="sm" fw={600}>
                    {file.name}
                  </Text>
                )}
              </Group>
            </Stack>
          </SimpleGrid>
        </Paper>

        {otherError && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" title={t('villages.failed')}>
            {otherError.message}
          </Alert>
        )}

        {committed && commit.data && (
          <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />} title={t('villages.committedTitle')} role="status">
            <Stack gap="xs">
              <Text size="sm">
                {t('villages.committed', { create: fmt.number(commit.data.create), rename: fmt.number(commit.data.rename), unchanged: fmt.number(commit.data.unchanged) })}
              </Text>
              <Group>
                <Button size="xs" variant="white" color="dark" onClick={() => void navigate({ to: '/units' })}>
                  {t('import.openUnits')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}

        {refusedRows && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" title={t('villages.refused')}>
            {(commit.error ?? preview.error)?.message}
          </Alert>
        )}

        {(result || refusedRows) && (
          <Paper withBorder p="md">
            <Stack gap="md">
              <Group justify="space-between" align="flex-end">
                <Title order={3} fz="lg">
                  {committed ? t('villages.resultTitle') : t('villages.previewTitle')}
                </Title>
                {!committed && (
                  <Button
                    leftSection={<IconUpload size={16} />}
                    disabled={!canCommit}
                    loading={commit.isPending}
                    onClick={() => file && commit.mutate({ file, commit: true })}
                  >
                    {t('villages.commit')}
                  </Button>
                )}
              </Group>
              {result && <Counts result={result} errors={errors.length} />}
              {!committed && errors.length > 0 && (
                <Text size="sm" c="red.8">
                  {t('villages.fixFirst')}
                </Text>
              )}
              {!committed && result && errors.length === 0 && result.create + result.rename === 0 && (
                <Text size="sm" c="dimmed">
                  {t('villages.nothingToDo')}
                </Text>
              )}
              {errors.length > 0 && <ErrorTable errors={errors} />}
              {result && result.rows.length > 0 && <RowsTable rows={result.rows} />}
            </Stack>
          </Paper>
        )}
      </Stack>
    </>
  );
}

function Counts({ result, errors }: { result: VillageImportResult; errors: number }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const items = [
    { label: t('villages.count.total'), value: result.total, color: 'dark' },
    { label: t('villages.count.create'), value: result.create, color: 'green' },
    { label: t('villages.count.rename'), value: result.rename, color: 'blue' },
    { label: t('villages.count.unchanged'), value: result.unchanged, color: 'gray' },
    { label: t('villages.count.errors'), value: errors, color: 'red' },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
      {items.map((i) => (
        <Paper key={i.label} withBorder p="sm">
          <Group gap={8} wrap="nowrap" align="flex-start">
            <ThemeIcon size={8} radius="xl" color={i.color} mt={6} />
            <Stack gap={0}>
              <Text size="xs" c="dimmed" fw={600}>
                {i.label}
              </Text>
              <Text fz={22} fw={700} lh={1.2} c={i.color === 'red' && i.value > 0 ? 'red.8' : undefined}>
                {fmt.number(i.value)}
              </Text>
            </Stack>
          </Group>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function ErrorTable({ errors }: { errors: RowError[] }) {
  const { t } = useTranslation('units');
  return (
    <Stack gap="xs">
      <Text fw={600} c="red.8">
        {t('villages.errorsTitle', { count: errors.length })}
      </Text>
      <Paper withBorder style={{ overflow: 'hidden', borderColor: 'var(--mantine-color-red-3)' }}>
        <Table.ScrollContainer minWidth={480}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={80}>{t('villages.col.row')}</Table.Th>
                <Table.Th w={160}>{t('villages.col.column')}</Table.Th>
                <Table.Th>{t('villages.col.message')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {errors.map((e, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{e.row}</Table.Td>
                  <Table.Td>{e.column ?? '—'}</Table.Td>
                  <Table.Td>{e.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
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
