import { useState } from 'react';
import { Anchor, Badge, Button, Group as Row, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopyCheck, IconGitMerge } from '@tabler/icons-react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { DuplicateCluster, DuplicateReason, Person } from '../../../shared/people.js';
import { useDuplicates, useMergePerson } from '../../api/people.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DetailField } from '../../components/DetailField.js';
import { ListFooter } from '../../components/ListFooter.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useFormat } from '../../i18n/useFormat.js';
import { addressLabel, birthLabel, personLine } from './personLabels.js';

const route = getRouteApi('/_app/people/duplicates');
export const DUPLICATES_PAGE_SIZE = 10;

const reasonColors: Record<DuplicateReason, string> = { cccd: 'red', name_birth_commune: 'orange' };

/** The record kept, and the others of its cluster to merge into it. */
interface Merge {
  keep: Person;
  others: Person[];
}

/** Likely duplicate records, cluster by cluster: choose the one to keep, the others are merged into it. */
export function DuplicatesPage() {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const page = search.page ?? 1;
  const clusters = useDuplicates({ page, pageSize: DUPLICATES_PAGE_SIZE });
  const [merge, setMerge] = useState<Merge | null>(null);

  return (
    <>
      <PageHeader
        title={t('duplicates.title')}
        description={
          clusters.data && clusters.data.total > 0
            ? t('duplicates.count', { count: clusters.data.total, n: fmt.number(clusters.data.total) })
            : t('duplicates.description')
        }
        crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title'), to: '/people' }, { label: t('duplicates.title') }]}
      />
      {clusters.data && clusters.data.total > 0 && (
        <Text size="sm" c="dimmed" mt={-8} mb="md">
          {t('duplicates.description')}
        </Text>
      )}

      {clusters.isPending ? (
        <Paper withBorder p="md">
          <LoadingRows rows={6} />
        </Paper>
      ) : clusters.error ? (
        <ErrorAlert error={clusters.error} onRetry={() => void clusters.refetch()} />
      ) : clusters.data.items.length === 0 ? (
        <Paper withBorder>
          <Empty icon={<IconCopyCheck size={28} stroke={1.5} />} title={t('duplicates.empty.title')} description={t('duplicates.empty.text')} />
        </Paper>
      ) : (
        <>
          <Stack gap="md" style={{ opacity: clusters.isPlaceholderData ? 0.6 : 1 }}>
            {clusters.data.items.map((c) => (
              <ClusterCard key={`${c.reason}:${c.people.map((p) => p.id).join(',')}`} cluster={c} onKeep={(keep) => setMerge({ keep, others: c.people.filter((p) => p.id !== keep.id) })} />
            ))}
          </Stack>
          <ListFooter
            page={clusters.data.page}
            pageSize={clusters.data.pageSize}
            total={clusters.data.total}
            onPage={(p) => void navigate({ search: { page: p > 1 ? p : undefined } })}
          />
        </>
      )}
      {merge && <MergeDialog merge={merge} onClose={() => setMerge(null)} />}
    </>
  );
}

function ClusterCard({ cluster, onKeep }: { cluster: DuplicateCluster; onKeep: (keep: Person) => void }) {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const n = cluster.people.length;
  return (
    <Paper withBorder p="md" component="section" aria-label={t(`duplicates.reason.${cluster.reason}`)}>
      <Row gap="xs" mb="sm">
        <Badge variant="light" color={reasonColors[cluster.reason]}>
          {t(`duplicates.reason.${cluster.reason}`)}
        </Badge>
        <Text size="sm" c="dimmed">
          {t('duplicates.records', { count: n, n: fmt.number(n) })}
        </Text>
      </Row>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: Math.min(n, 3) }} spacing="sm">
        {cluster.people.map((p) => (
          <PersonCard key={p.id} person={p} onKeep={() => onKeep(p)} />
        ))}
      </SimpleGrid>
    </Paper>
  );
}

/** One record, side by side with the others: enough to tell which is the better one. */
function PersonCard({ person: p, onKeep }: { person: Person; onKeep: () => void }) {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const none = (
    <Text size="sm" c="dimmed">
      {t('page.none')}
    </Text>
  );
  const value = (v: string | null, mono = false) =>
    v ? (
      <Text size="sm" className={mono ? 'tq-mono' : undefined}>
        {v}
      </Text>
    ) : (
      none
    );
  return (
    <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)">
      <Stack gap="sm" h="100%" justify="space-between">
        <Stack gap="xs">
          <Stack gap={0}>
            <Anchor renderRoot={(props) => <Link {...props} to="/people/$id" params={{ id: p.id }} />} fw={700} c="dark">
              {p.fullName}
            </Anchor>
            <Text size="xs" c="dimmed">
              {t('duplicates.createdAt', { date: fmt.date(p.createdAt) })}
            </Text>
          </Stack>
          <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
            <DetailField label={p.birthDate ? t('fields.birthDate') : t('fields.birthYear')}>{value(birthLabel(p, fmt.lang))}</DetailField>
            <DetailField label={t('fields.cccd')}>{value(p.cccdMasked, true)}</DetailField>
            <DetailField label={t('fields.phone')}>{value(p.phone)}</DetailField>
            <DetailField label={t('fields.address')}>{value(addressLabel(p))}</DetailField>
          </SimpleGrid>
        </Stack>
        <Row>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconGitMerge size={14} />}
            onClick={onKeep}
            aria-label={t('duplicates.keepFor', { name: p.fullName, date: fmt.date(p.createdAt) })}
          >
            {t('duplicates.keep')}
          </Button>
        </Row>
      </Stack>
    </Paper>
  );
}

/** "Are you sure?", then each other record merged into the one kept, one after the other. */
function MergeDialog({ merge, onClose }: { merge: Merge; onClose: () => void }) {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const mutation = useMergePerson();
  // Records of a cluster often carry the same name: birth, number and address tell them apart.
  const item = (p: Person) => (
    <Text key={p.id} component="span" size="sm" display="block" pl="sm">
      • <b>{p.fullName}</b>
      {personLine(t, p, fmt.lang) && <> — {personLine(t, p, fmt.lang)}</>}
    </Text>
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setError(null);
    setBusy(true);
    try {
      for (const other of merge.others) await mutation.mutateAsync({ id: other.id, intoId: merge.keep.id });
      notifications.show({ color: 'green', title: t('duplicates.doneTitle'), message: t('duplicates.done', { name: merge.keep.fullName }) });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfirmDialog
      opened
      title={t('duplicates.confirmTitle')}
      message={
        <Stack gap={6} component="span">
          <span>{t('duplicates.confirmKeep')}</span>
          {item(merge.keep)}
          <span>{t('duplicates.confirmMerge')}</span>
          {merge.others.map(item)}
          <Text component="span" size="sm" fw={600} mt={4}>
            {t('duplicates.confirmNote')}
          </Text>
        </Stack>
      }
      confirmLabel={t('duplicates.confirm')}
      loading={busy}
      error={error}
      onConfirm={() => void run()}
      onClose={onClose}
    />
  );
}
