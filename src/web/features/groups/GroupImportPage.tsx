import { Alert, Badge, Button, Group, List, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { GROUP_TEMPLATE_URL } from '../../api/groups.js';
import { PageHeader } from '../../components/PageHeader.js';
import { RowErrorTable, SheetFileButton } from '../../components/SheetImport.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { AreaChoices } from './import/AreaChoices.js';
import { ColumnMapping } from './import/ColumnMapping.js';
import { ImportAction } from './import/ImportAction.js';
import { ImportCounts } from './import/ImportCounts.js';
import { ImportSummary } from './import/ImportSummary.js';
import { MissingInfo } from './import/MissingInfo.js';
import { useGroupSheetImport } from './import/useGroupSheetImport.js';

/**
 * The columns of the template, by their header; a sheet may name them otherwise. The group's
 * name is required; its area, type and founding date may be given for the whole file instead.
 */
const sheetColumns = [
  { key: 'area', header: 'Mã địa bàn (thôn hoặc xã)', required: 'page' },
  { key: 'group', header: 'Tên tổ, đội', required: true },
  { key: 'type', header: 'Loại mô hình', required: 'page' },
  { key: 'founded', header: 'Ngày thành lập', required: 'page' },
  { key: 'decisionNumber', header: 'Số quyết định', required: false },
  { key: 'decisionDate', header: 'Ngày quyết định', required: false },
  { key: 'decisionIssuer', header: 'Cơ quan ban hành', required: false },
  { key: 'name', header: 'Họ và tên thành viên', required: false },
  { key: 'gender', header: 'Giới tính', required: false },
  { key: 'birth', header: 'Ngày sinh', required: false },
  { key: 'cccd', header: 'Số CCCD', required: false },
  { key: 'phone', header: 'Điện thoại', required: false },
  { key: 'role', header: 'Vai trò', required: false },
  { key: 'joined', header: 'Ngày vào tổ', required: false },
] as const;

const messyInput = ['dates', 'phones', 'titles', 'again'] as const;

/**
 * Groups and their members from a spreadsheet, the commune's own or the template: the columns as
 * read, what the file lacks, the villages to tell apart, then the preview; written all or none.
 */
export function GroupImportPage() {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const navigate = useNavigate();
  const flow = useGroupSheetImport();
  const done = flow.committed;
  const preview = flow.preview;
  const failure = flow.previewError ?? (flow.commitError && !flow.refusedRows ? flow.commitError : null);

  return (
    <>
      <PageHeader
        title={t('import.title')}
        description={t('import.description')}
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title'), to: '/groups' }, { label: t('import.title') }]}
      />
      <Stack gap="md">
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <Stack gap="xs">
              <Group gap="xs" wrap="nowrap">
                <Badge variant="light">1</Badge>
                <Text fw={700}>{t('import.step1')}</Text>
              </Group>
              <Text size="sm">{t('sheetImport:page.step1Text')}</Text>
            </Stack>
            <Stack gap="xs">
              <Group gap="xs" wrap="nowrap">
                <Badge variant="light">2</Badge>
                <Text fw={700}>{t('import.step2')}</Text>
              </Group>
              <Text size="sm">{t('import.chooseText')}</Text>
              <SheetFileButton flow={{ file: flow.sheet?.file ?? null, choose: flow.choose, previewing: flow.previewing && !preview }} />
            </Stack>
          </SimpleGrid>
        </Paper>

        {failure && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" title={t('common:sheetImport.failed')}>
            {failure.message}
          </Alert>
        )}
        {flow.refusedRows && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" title={t('common:sheetImport.refused')}>
            <Stack gap="xs">
              <Text size="sm">{flow.commitError?.message}</Text>
              <RowErrorTable errors={flow.refusedRows} />
            </Stack>
          </Alert>
        )}

        {done && (
          <Alert color="green" variant="light" icon={<IconCircleCheck size={18} />} title={t('import.committedTitle')} role="status">
            <Stack gap="xs">
              <Text size="sm">
                {t('import.committed', {
                  groups: fmt.number(done.groups.create),
                  people: fmt.number(done.people.create),
                  memberships: fmt.number(done.memberships.create),
                })}
              </Text>
              <Group>
                <Button size="xs" variant="white" color="dark" onClick={() => void navigate({ to: '/groups' })}>
                  {t('import.openGroups')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}

        {flow.sheet && !preview && flow.previewing && (
          <Paper withBorder p="md" role="status" aria-live="polite">
            <Group gap="sm">
              <Loader size="sm" />
              <Text size="sm">{t('sheetImport:page.reading', { name: flow.sheet.file.name })}</Text>
            </Group>
          </Paper>
        )}

        {preview && !done && (
          <>
            {flow.previewing && (
              <Group gap="xs" role="status" aria-live="polite">
                <Loader size="xs" />
                <Text size="sm" c="dimmed">
                  {t('sheetImport:page.updating')}
                </Text>
              </Group>
            )}
            <ColumnMapping flow={flow} />
            <MissingInfo flow={flow} />
            <AreaChoices flow={flow} />
            <ImportSummary flow={flow} />
            <ImportAction flow={flow} />
          </>
        )}
        {done && (
          <Paper withBorder p="md" component="section" aria-label={t('common:sheetImport.resultTitle')}>
            <Stack gap="sm">
              <Title order={3} fz="lg">
                {t('common:sheetImport.resultTitle')}
              </Title>
              <ImportCounts result={done} />
            </Stack>
          </Paper>
        )}

        <ColumnsExplained />
      </Stack>
    </>
  );
}

/** The columns of the file and how untidy input is read, with the template to start from. */
function ColumnsExplained() {
  const { t } = useTranslation('groups');
  const isPhone = useIsPhone();
  const requiredBadge = (required: boolean | 'page') =>
    required === 'page' ? (
      <Badge size="sm" variant="light" color="orange" style={{ flexShrink: 0 }}>
        {t('sheetImport:page.orOnPage')}
      </Badge>
    ) : required ? (
      <Badge size="sm" variant="light" color="red" style={{ flexShrink: 0 }}>
        {t('import.required')}
      </Badge>
    ) : (
      <Text size="xs" c="dimmed">
        {t('import.optional')}
      </Text>
    );

  return (
    <Paper withBorder p="md" component="section" aria-label={t('sheetImport:page.columnsTitle')}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} fz="lg">
            {t('sheetImport:page.columnsTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('sheetImport:page.columnsText')}
          </Text>
        </Stack>
        <Group>
          <Button component="a" href={GROUP_TEMPLATE_URL} download variant="default" leftSection={<IconDownload size={16} />}>
            {t('import.template')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('import.templateText')}
          </Text>
        </Group>
        {isPhone ? (
          <Stack gap="xs">
            {sheetColumns.map((c) => (
              <Paper key={c.key} withBorder p="xs">
                <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                  <Text size="sm" fw={600}>
                    {c.header}
                  </Text>
                  {requiredBadge(c.required)}
                </Group>
                <Text size="xs" c="dimmed">
                  {t(`import.columns.${c.key}`)}
                </Text>
              </Paper>
            ))}
          </Stack>
        ) : (
          <Paper withBorder style={{ overflow: 'hidden' }}>
            <Table striped="odd">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={44}>#</Table.Th>
                  <Table.Th w={260}>{t('import.col.header')}</Table.Th>
                  <Table.Th w={200}>{t('import.col.required')}</Table.Th>
                  <Table.Th>{t('import.col.meaning')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sheetColumns.map((c, i) => (
                  <Table.Tr key={c.key}>
                    <Table.Td c="dimmed">{i + 1}</Table.Td>
                    <Table.Td fw={600}>{c.header}</Table.Td>
                    <Table.Td>{requiredBadge(c.required)}</Table.Td>
                    <Table.Td>{t(`import.columns.${c.key}`)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
        <Text fw={600} size="sm" mt="xs">
          {t('import.messyTitle')}
        </Text>
        <List size="sm" spacing={4}>
          {messyInput.map((k) => (
            <List.Item key={k}>{t(`import.messy.${k}`)}</List.Item>
          ))}
        </List>
      </Stack>
    </Paper>
  );
}
