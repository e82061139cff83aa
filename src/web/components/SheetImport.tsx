import { useState, type ReactNode } from 'react';
import { Alert, Button, FileButton, Group, Pagination, Paper, SimpleGrid, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import type { UseMutationResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { RowError } from '../../shared/units.js';
import { isApiError } from '../api/client.js';
import { useFormat } from '../i18n/useFormat.js';
import { useIsPhone } from '../lib/useIsPhone.js';

/*
 * The parts every spreadsheet import shares: choose a file, preview it (nothing written), see
 * the counts and the rows in error, then confirm to write every row or none.
 */

export const SHEET_ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

export interface SheetUpload {
  file: File;
  commit: boolean;
}

interface SheetAnswer {
  committed: boolean;
  errors: SheetRowError[];
}

/** A row error; the group import also echoes the value it refuses. */
export type SheetRowError = RowError & { value?: string | null };

/** Errors of one kind (a column and a reason) and how many rows have it. */
export interface SheetErrorKind {
  column: string | null;
  message: string;
  count: number;
}

/** Rows of errors drawn at once (fewer as cards on a phone): a file can have ten thousand, paged through. */
const ERRORS_PER_PAGE = 100;
const ERROR_CARDS_PER_PAGE = 25;

type SheetMutation<R> = UseMutationResult<R, Error, SheetUpload>;

/** The errors a refused commit carries (400 IMPORT_ROWS_INVALID), in the preview's shape. */
export function rowErrorsOf(error: unknown): SheetRowError[] | null {
  if (!isApiError(error, 'IMPORT_ROWS_INVALID')) return null;
  const details = error.details as { errors?: SheetRowError[] } | undefined;
  return Array.isArray(details?.errors) ? details.errors : null;
}

/** The state of one import: the chosen file, its preview, the confirmation and what went wrong. */
export function useSheetImportFlow<R extends SheetAnswer>(preview: SheetMutation<R>, commit: SheetMutation<R>) {
  const [file, setFile] = useState<File | null>(null);
  const choose = (f: File | null) => {
    setFile(f);
    commit.reset();
    preview.reset();
    if (f) preview.mutate({ file: f, commit: false });
  };
  const refusedRows = rowErrorsOf(commit.error) ?? rowErrorsOf(preview.error);
  const result = commit.data ?? preview.data;
  return {
    file,
    choose,
    /** The preview, or the result once written. */
    result,
    preview: preview.data,
    committedResult: commit.data?.committed ? commit.data : undefined,
    committed: !!commit.data?.committed,
    errors: refusedRows ?? result?.errors ?? [],
    /** The confirmation was refused because of rows in error: its message. */
    refused: refusedRows ? ((commit.error ?? preview.error)?.message ?? null) : null,
    /** Anything else: no header, too large, not a spreadsheet, network. */
    failure: [commit.error, preview.error].find((e) => e && !rowErrorsOf(e)) ?? null,
    previewing: preview.isPending,
    committing: commit.isPending,
    confirm: () => {
      if (file) commit.mutate({ file, commit: true });
    },
  };
}

export type SheetImportFlow = ReturnType<typeof useSheetImportFlow>;

/** "Choose a file", then the chosen file's name and "Choose another". */
export function SheetFileButton({ flow }: { flow: Pick<SheetImportFlow, 'file' | 'choose' | 'previewing'> }) {
  const { t } = useTranslation('common');
  return (
    <Group gap="sm">
      <FileButton onChange={flow.choose} accept={SHEET_ACCEPT}>
        {(props) => (
          <Button {...props} leftSection={<IconFileSpreadsheet size={16} />} loading={flow.previewing} variant={flow.file ? 'default' : 'filled'}>
            {flow.file ? t('sheetImport.chooseOther') : t('sheetImport.choose')}
          </Button>
        )}
      </FileButton>
      {flow.file && (
        <Text size="sm" fw={600} style={{ wordBreak: 'break-all' }}>
          {flow.file.name}
        </Text>
      )}
    </Group>
  );
}

/** A file that could not be read at all, or a confirmation refused for rows in error. */
export function SheetImportProblems({ flow }: { flow: Pick<SheetImportFlow, 'failure' | 'refused'> }) {
  const { t } = useTranslation('common');
  return (
    <>
      {flow.failure && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" title={t('sheetImport.failed')}>
          {flow.failure.message}
        </Alert>
      )}
      {flow.refused !== null && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" title={t('sheetImport.refused')}>
          {flow.refused}
        </Alert>
      )}
    </>
  );
}

/**
 * The preview (or the result): a title with the confirm button, the counts, the errors, and
 * whatever the page adds below them.
 */
export function SheetPreviewPanel({
  flow,
  canCommit,
  stats,
  nothingToDo,
  errorCount,
  errorKinds,
  children,
}: {
  flow: SheetImportFlow;
  canCommit: boolean;
  stats: ReactNode;
  /** Shown when the file has no error and nothing new. */
  nothingToDo?: string | null;
  /** Every error, when the answer lists only the first ones. */
  errorCount?: number;
  /** Every error counted by kind, when the answer has them. */
  errorKinds?: SheetErrorKind[];
  children?: ReactNode;
}) {
  const { t } = useTranslation('common');
  const { committed, errors } = flow;
  return (
    <Paper withBorder p="md">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end">
          <Title order={3} fz="lg">
            {committed ? t('sheetImport.resultTitle') : t('sheetImport.previewTitle')}
          </Title>
          {!committed && (
            <Button leftSection={<IconUpload size={16} />} disabled={!canCommit} loading={flow.committing} onClick={flow.confirm}>
              {t('sheetImport.commit')}
            </Button>
          )}
        </Group>
        {flow.result && stats}
        {!committed && errors.length > 0 && (
          <Text size="sm" c="red.8">
            {t('sheetImport.fixFirst')}
          </Text>
        )}
        {!committed && flow.result && errors.length === 0 && nothingToDo && (
          <Text size="sm" c="dimmed">
            {nothingToDo}
          </Text>
        )}
        {errors.length > 0 && errorKinds && errorKinds.length > 0 && <ErrorKinds kinds={errorKinds} />}
        {errors.length > 0 && <RowErrorTable errors={errors} total={Math.max(errorCount ?? 0, errors.length)} />}
        {children}
      </Stack>
    </Paper>
  );
}

export interface ImportStat {
  label: string;
  value: number;
  color: string;
  /** A second line under the number. */
  hint?: string;
}

/** The counts of a preview, one small card each; an error count above zero shows in red. */
export function ImportStats({ items }: { items: ImportStat[] }) {
  const fmt = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, sm: items.length > 4 ? 5 : items.length }} spacing="sm">
      {items.map((i) => (
        <Paper key={i.label} withBorder p="sm">
          <Group gap={8} wrap="nowrap" align="flex-start">
            <ThemeIcon size={8} radius="xl" color={i.color} mt={6} />
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text size="xs" c="dimmed" fw={600}>
                {i.label}
              </Text>
              <Text fz={22} fw={700} lh={1.2} c={i.color === 'red' && i.value > 0 ? 'red.8' : undefined}>
                {fmt.number(i.value)}
              </Text>
              {i.hint && (
                <Text size="xs" c="dimmed">
                  {i.hint}
                </Text>
              )}
            </Stack>
          </Group>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** How many rows have each kind of error ("500 rows · Số CCCD: …"), the most frequent first. */
export function ErrorKinds({ kinds }: { kinds: SheetErrorKind[] }) {
  const { t } = useTranslation('common');
  const fmt = useFormat();
  return (
    <Stack gap={4} role="list" aria-label={t('sheetImport.kindsLabel')}>
      {kinds.map((k) => (
        <Text key={`${k.column ?? ''}|${k.message}`} size="sm" role="listitem">
          {t('sheetImport.kind', { count: k.count, n: fmt.number(k.count), column: k.column ?? '—', message: k.message })}
        </Text>
      ))}
    </Stack>
  );
}

/**
 * Row, column, value and message of each error, as the person will find them in the file, a
 * page at a time. `total` counts every error when the answer lists only the first ones.
 */
export function RowErrorTable({ errors: every, total }: { errors: SheetRowError[]; total?: number }) {
  const { t } = useTranslation('common');
  const fmt = useFormat();
  const isPhone = useIsPhone();
  const [page, setPage] = useState(1);
  const all = Math.max(total ?? 0, every.length);
  const perPage = isPhone ? ERROR_CARDS_PER_PAGE : ERRORS_PER_PAGE;
  const pages = Math.max(1, Math.ceil(every.length / perPage));
  const shown = Math.min(page, pages);
  const errors = every.slice((shown - 1) * perPage, shown * perPage);
  const withValues = every.some((e) => e.value !== undefined);
  return (
    <Stack gap="xs">
      <Text fw={600} c="red.8">
        {t('sheetImport.errorsTitle', { count: all, n: fmt.number(all) })}
      </Text>
      {all > every.length && (
        <Text size="sm" c="dimmed">
          {t('sheetImport.errorsShown', { shown: fmt.number(every.length), total: fmt.number(all) })}
        </Text>
      )}
      {isPhone ? (
        <Stack gap={6} role="list" aria-label={t('sheetImport.errorsLabel')}>
          {errors.map((e, i) => (
            <Paper key={i} withBorder p="xs" role="listitem" style={{ borderColor: 'var(--mantine-color-red-3)' }}>
              <Text size="xs" c="dimmed" fw={600}>
                {t('sheetImport.col.row')} {e.row}
                {e.column && <> · {e.column}</>}
              </Text>
              <Text size="sm">{e.message}</Text>
              {e.value && (
                <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
                  {t('sheetImport.col.value')}: {e.value}
                </Text>
              )}
            </Paper>
          ))}
        </Stack>
      ) : (
        <Paper withBorder style={{ overflow: 'hidden', borderColor: 'var(--mantine-color-red-3)' }}>
          <Table.ScrollContainer minWidth={480} maxHeight={520}>
            <Table stickyHeader aria-label={t('sheetImport.errorsLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>{t('sheetImport.col.row')}</Table.Th>
                  <Table.Th w={200}>{t('sheetImport.col.column')}</Table.Th>
                  {withValues && <Table.Th w={160}>{t('sheetImport.col.value')}</Table.Th>}
                  <Table.Th>{t('sheetImport.col.message')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {errors.map((e, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td>{e.column ?? '—'}</Table.Td>
                    {withValues && <Table.Td style={{ wordBreak: 'break-word' }}>{e.value ?? '—'}</Table.Td>}
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {pages > 1 && (
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {t('sheetImport:errorsPage', {
              from: fmt.number((shown - 1) * perPage + 1),
              to: fmt.number((shown - 1) * perPage + errors.length),
              total: fmt.number(every.length),
            })}
          </Text>
          <Pagination size="sm" total={pages} value={shown} onChange={setPage} siblings={isPhone ? 0 : 1} boundaries={1} />
        </Group>
      )}
    </Stack>
  );
}
