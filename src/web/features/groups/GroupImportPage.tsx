import { Alert, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconDownload } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { GroupSheetResult } from '../../../shared/groups.js';
import { GROUP_TEMPLATE_URL, useGroupImport } from '../../api/groups.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ImportStats, SheetFileButton, SheetImportProblems, SheetPreviewPanel, useSheetImportFlow } from '../../components/SheetImport.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';

/** The columns the server reads, by their header in the file; the first four are required. */
const sheetColumns = [
  { key: 'area', header: 'Mã địa bàn (thôn hoặc xã)', required: true },
  { key: 'group', header: 'Tên tổ, đội', required: true },
  { key: 'type', header: 'Loại mô hình', required: true },
  { key: 'founded', header: 'Ngày thành lập', required: true },
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

/** Groups and their members from a spreadsheet: preview first, then write all rows or none. */
export function GroupImportPage() {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const navigate = useNavigate();
  const flow = useSheetImportFlow(useGroupImport(), useGroupImport());
  const { preview, committedResult: done } = flow;
  const creates = (r: GroupSheetResult) => r.groups.create + r.people.create + r.memberships.create + r.groups.update + r.people.update;
  const canCommit = !!flow.file && !!preview && !flow.committed && flow.errors.length === 0 && preview.errorCount === 0 && creates(preview) > 0;

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
              <Text size="sm">{t('import.step1Text')}</Text>
            </Stack>
            <Stack gap="xs">
              <Group gap="xs" wrap="nowrap">
                <Badge variant="light">2</Badge>
                <Text fw={700}>{t('import.step2')}</Text>
              </Group>
              <Text size="sm">{t('import.chooseText')}</Text>
              <SheetFileButton flow={flow} />
            </Stack>
          </SimpleGrid>
        </Paper>

        <SheetImportProblems flow={flow} />

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

        {(flow.result || flow.refused !== null) && (
          <SheetPreviewPanel
            flow={flow}
            canCommit={canCommit}
            stats={flow.result && <Counts result={flow.result} errors={Math.max(flow.result.errorCount, flow.errors.length)} />}
            nothingToDo={flow.result && creates(flow.result) === 0 ? t('import.nothingToDo') : null}
            errorCount={flow.result?.errorCount}
            errorKinds={flow.result?.errorKinds}
          >
            {flow.result && flow.result.ignoredColumns.length > 0 && (
              <Alert color="yellow" title={t('import.ignoredTitle', { count: flow.result.ignoredColumns.length })}>
                <Text size="sm">{flow.result.ignoredColumns.join(' · ')}</Text>
              </Alert>
            )}
          </SheetPreviewPanel>
        )}

        <ColumnsExplained />
      </Stack>
    </>
  );
}

function Counts({ result, errors }: { result: GroupSheetResult; errors: number }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const unchanged = (c: { update: number; unchanged: number }) =>
    c.update > 0 ? t('import.count.updatedAndUnchanged', { u: fmt.number(c.update), n: fmt.number(c.unchanged) }) : t('import.count.unchanged', { n: fmt.number(c.unchanged) });
  return (
    <ImportStats
      items={[
        { label: t('import.count.total'), value: result.total, color: 'dark' },
        { label: t('import.count.groups'), value: result.groups.create, color: 'green', hint: unchanged(result.groups) },
        { label: t('import.count.people'), value: result.people.create, color: 'blue', hint: unchanged(result.people) },
        { label: t('import.count.memberships'), value: result.memberships.create, color: 'teal', hint: unchanged(result.memberships) },
        { label: t('import.count.errors'), value: errors, color: 'red' },
      ]}
    />
  );
}

/** The columns of the file and how untidy input is read, with the template to start from. */
function ColumnsExplained() {
  const { t } = useTranslation('groups');
  const isPhone = useIsPhone();
  const requiredBadge = (required: boolean) =>
    required ? (
      <Badge size="sm" variant="light" color="red">
        {t('import.required')}
      </Badge>
    ) : (
      <Text size="xs" c="dimmed">
        {t('import.optional')}
      </Text>
    );

  return (
    <Paper withBorder p="md" component="section" aria-label={t('import.columnsTitle')}>
      <Stack gap="sm">
        <Stack gap={2}>
          <Title order={3} fz="lg">
            {t('import.columnsTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('import.columnsText')}
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
                  <Table.Th w={140}>{t('import.col.required')}</Table.Th>
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
