import { useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Code,
  FileButton,
  Group,
  Loader,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleDashed,
  IconFileImport,
  IconFileText,
  IconListCheck,
  IconRefresh,
} from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ImportJob } from '../../../shared/units.js';
import { useImportJob, useStartUnitImport } from '../../api/units.js';
import { PageHeader } from '../../components/PageHeader.js';
import { ErrorAlert } from '../../components/QueryStates.js';
import { useFormat } from '../../i18n/useFormat.js';
import { describeUnitsFile, importPhases, parseUnitsFile, type UnitsFileSummary } from './unitFile.js';

const route = getRouteApi('/_app/units/import');

interface Chosen {
  name: string;
  size: number;
  text: string;
  summary: UnitsFileSummary;
}

/** Import of the official list or of a reform, with its progress followed to the end. */
export function UnitImportPage() {
  const { t } = useTranslation('units');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [sent, setSent] = useState(0);
  const start = useStartUnitImport();
  const job = useImportJob(search.job ?? null);

  const choose = async (file: File | null) => {
    setReadError(null);
    setChosen(null);
    start.reset();
    if (!file) return;
    const text = await file.text();
    const parsed = parseUnitsFile(text);
    if (!parsed) return setReadError(t('import.notJson', { name: file.name }));
    setChosen({ name: file.name, size: file.size, text, summary: describeUnitsFile(parsed.doc) });
  };

  const run = () => {
    if (!chosen) return;
    setSent(0);
    start.mutate(
      { text: chosen.text, fileName: chosen.name, onProgress: setSent },
      { onSuccess: (j) => void navigate({ search: { job: j.id }, replace: true }) },
    );
  };

  const again = () => {
    setChosen(null);
    setSent(0);
    start.reset();
    void navigate({ search: {}, replace: true });
  };

  const following = !!search.job;

  return (
    <>
      <PageHeader
        title={t('import.title')}
        description={t('import.description')}
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title'), to: '/units' }, { label: t('import.title') }]}
      />
      <Stack gap="md">
        <FilesExplained />

        {!following && (
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Title order={3} fz="lg">
                {t('import.chooseTitle')}
              </Title>
              <Group gap="sm">
                <FileButton onChange={(f) => void choose(f)} accept="application/json,.json">
                  {(props) => (
                    <Button {...props} variant={chosen ? 'default' : 'filled'} leftSection={<IconFileText size={16} />} disabled={start.isPending}>
                      {chosen ? t('import.chooseOther') : t('import.choose')}
                    </Button>
                  )}
                </FileButton>
                {chosen && (
                  <Text size="sm">
                    <b>{chosen.name}</b> · {t('import.size', { size: (chosen.size / 1024 / 1024).toFixed(1) })}
                  </Text>
                )}
              </Group>
              {readError && (
                <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
                  {readError}
                </Alert>
              )}
              {chosen && <FileSummary summary={chosen.summary} />}
              {start.error && <ErrorAlert error={start.error} title={t('import.failedTitle')} />}
              {start.isPending && (
                <Stack gap={4}>
                  <Text size="sm">{t('import.sending', { percent: Math.round(sent * 100) })}</Text>
                  <Progress value={sent * 100} animated aria-label={t('import.sendingLabel')} />
                </Stack>
              )}
              {chosen && (
                <Group>
                  <Button leftSection={<IconFileImport size={16} />} onClick={run} loading={start.isPending}>
                    {t('import.start')}
                  </Button>
                </Group>
              )}
            </Stack>
          </Paper>
        )}

        {following &&
          (job.error ? (
            <Stack gap="sm">
              <ErrorAlert error={job.error} onRetry={() => void job.refetch()} />
              <Group>
                <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={again}>
                  {t('import.again')}
                </Button>
              </Group>
            </Stack>
          ) : !job.data ? (
            <Paper withBorder p="md">
              <Group gap="sm">
                <Loader size="sm" />
                <Text size="sm">{t('import.waiting')}</Text>
              </Group>
            </Paper>
          ) : (
            <JobView job={job.data} onAgain={again} />
          ))}
      </Stack>
    </>
  );
}

function FilesExplained() {
  const { t } = useTranslation('units');
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap={6}>
          <Group gap="xs" wrap="nowrap">
            <Badge variant="light">1</Badge>
            <Text fw={700}>{t('import.listTitle')}</Text>
          </Group>
          <Code>vn-units-2025-03-01.json</Code>
          <Text size="sm">{t('import.listText')}</Text>
        </Stack>
        <Stack gap={6}>
          <Group gap="xs" wrap="nowrap">
            <Badge variant="light">2</Badge>
            <Text fw={700}>{t('import.reformTitle')}</Text>
          </Group>
          <Code>vn-reform-2025-07-01.json</Code>
          <Text size="sm">{t('import.reformText')}</Text>
        </Stack>
      </SimpleGrid>
      <Text size="sm" c="dimmed" mt="md">
        {t('import.whereFiles')}
      </Text>
    </Paper>
  );
}

function FileSummary({ summary }: { summary: UnitsFileSummary }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  if (summary.kind === 'unknown') {
    return (
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
        {t('import.unknownKind')}
      </Alert>
    );
  }
  return (
    <Alert color="blue" variant="light" icon={<IconListCheck size={18} />} title={t(`import.kind.${summary.kind}`)}>
      {summary.kind === 'official_list'
        ? t('import.listSummary', {
            provinces: fmt.number(summary.provinces),
            districts: fmt.number(summary.districts),
            communes: fmt.number(summary.communes),
            date: summary.dataDate ? fmt.date(summary.dataDate) : '—',
          })
        : t('import.reformSummary', {
            provinces: fmt.number(summary.provinces),
            communes: fmt.number(summary.communes),
            links: fmt.number(summary.links),
          })}
    </Alert>
  );
}

export function phaseLabel(t: (key: string) => string, phase: string): string {
  return ['validate', 'units', 'close', 'links', 'done'].includes(phase) ? t(`import.phase.${phase}`) : phase;
}

function JobView({ job, onAgain }: { job: ImportJob; onAgain: () => void }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const navigate = useNavigate();
  const phases: readonly string[] = job.kind ? importPhases[job.kind] : [];
  const current = phases.indexOf(job.phase);
  const percent = job.total > 0 ? Math.min(100, (job.done / job.total) * 100) : 0;

  return (
    <Paper withBorder p="md" aria-live="polite">
      <Stack gap="md">
        <Group justify="space-between" gap="sm">
          <Stack gap={0}>
            <Title order={3} fz="lg">
              {job.status === 'running' ? t('import.running') : job.status === 'done' ? t('import.done') : t('import.failedTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {job.fileName}
              {job.kind && <> · {t(`import.kind.${job.kind}`)}</>}
            </Text>
          </Stack>
          {job.status !== 'running' && (
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={onAgain}>
              {t('import.again')}
            </Button>
          )}
        </Group>

        {phases.length > 0 && (
          <Group gap="lg" wrap="wrap">
            {phases.map((p, i) => {
              const state = job.status === 'done' || i < current ? 'done' : i === current && job.status === 'running' ? 'now' : 'todo';
              return (
                <Group key={p} gap={6} wrap="nowrap">
                  {state === 'done' ? (
                    <IconCircleCheck size={18} color="var(--mantine-color-green-7)" />
                  ) : state === 'now' ? (
                    <Loader size={14} />
                  ) : (
                    <IconCircleDashed size={18} color="var(--mantine-color-gray-5)" />
                  )}
                  <Text size="sm" fw={state === 'now' ? 700 : 400} c={state === 'todo' ? 'dimmed' : undefined}>
                    {phaseLabel(t, p)}
                  </Text>
                </Group>
              );
            })}
          </Group>
        )}

        {job.status === 'running' && (
          <Stack gap={4}>
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                {phaseLabel(t, job.phase)}
              </Text>
              <Text size="sm" c="dimmed">
                {fmt.number(job.done)} / {fmt.number(job.total)}
              </Text>
            </Group>
            <Progress value={percent} animated size="lg" aria-label={phaseLabel(t, job.phase)} />
          </Stack>
        )}

        {job.status === 'failed' && job.error && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert" title={t('import.failedTitle')}>
            {job.error.message}
          </Alert>
        )}

        {job.status === 'done' && job.result && (
          <>
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
              <ResultStat label={t('import.result.added')} value={job.result.added} color="green" />
              <ResultStat label={t('import.result.ended')} value={job.result.ended} color="gray" />
              <ResultStat label={t('import.result.unchanged')} value={job.result.unchanged} color="blue" />
              <ResultStat label={t('import.result.links')} value={job.result.links} color="grape" />
              <ResultStat label={t('import.result.villagesCarried')} value={job.result.villagesCarried} color="teal" />
              <ResultStat label={t('import.result.villagesQueued')} value={job.result.villagesQueued} color="orange" />
            </SimpleGrid>
            {job.result.added === 0 && job.result.unchanged > 0 && (
              <Text size="sm" c="dimmed">
                {t('import.nothingNew')}
              </Text>
            )}
            <Group gap="sm">
              <Button variant="light" onClick={() => void navigate({ to: '/units' })}>
                {t('import.openUnits')}
              </Button>
              {job.result.villagesQueued > 0 && (
                <Button variant="light" color="orange" onClick={() => void navigate({ to: '/units/placements' })}>
                  {t('import.openPlacements', { n: fmt.number(job.result.villagesQueued) })}
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function ResultStat({ label, value, color }: { label: string; value: number; color: string }) {
  const fmt = useFormat();
  return (
    <Paper withBorder p="sm" radius="md">
      <Group gap={8} wrap="nowrap" align="flex-start">
        <ThemeIcon size={8} radius="xl" color={color} mt={6} />
        <Stack gap={0}>
          <Text size="xs" c="dimmed" fw={600}>
            {label}
          </Text>
          <Text fz={24} fw={700} lh={1.2}>
            {fmt.number(value)}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

