import { useState, type FormEvent, type ReactNode } from 'react';
import { Anchor, Badge, Button, Group as Row, Modal, Paper, SimpleGrid, Stack, Tabs, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconInbox, IconSend, IconX } from '@tabler/icons-react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { IncomingMembershipRequest, MembershipRequestStatus, SentMembershipRequest } from '../../../shared/membership-requests.js';
import { useApproveRequest, useDeclineRequest, useIncomingRequests, useSentRequests, useWithdrawRequest } from '../../api/membership-requests.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DetailField } from '../../components/DetailField.js';
import { FormActions, FormError } from '../../components/FormDialog.js';
import { PageHeader } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { memberRoleLabel } from '../groups/memberRoles.js';
import { personLine } from '../people/personLabels.js';

const route = getRouteApi('/_app/membership-requests');

const statusColors: Record<MembershipRequestStatus, string> = { pending: 'yellow', approved: 'green', declined: 'red', withdrawn: 'gray' };

/**
 * Đề nghị kết nạp: the requests to decide (people registered in the user's area, asked for by
 * groups elsewhere) and the requests the user's area has sent.
 */
export function MembershipRequestsPage() {
  const { t } = useTranslation('groups');
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const incoming = useIncomingRequests();
  const sent = useSentRequests();
  const tab = search.tab ?? 'incoming';
  const count = (n: number | undefined) =>
    n ? (
      <Badge size="sm" variant="light" ml={6}>
        {n}
      </Badge>
    ) : null;

  return (
    <>
      <PageHeader title={t('requests.title')} description={t('requests.description')} crumbs={[{ label: t('common:nav.home'), to: '/' }, { label: t('title'), to: '/groups' }, { label: t('requests.title') }]} />
      <Tabs value={tab} onChange={(v) => void navigate({ search: { tab: v === 'sent' ? 'sent' : undefined } })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="incoming" leftSection={<IconInbox size={16} />}>
            {t('requests.incoming.tab')}
            {count(incoming.data?.length)}
          </Tabs.Tab>
          <Tabs.Tab value="sent" leftSection={<IconSend size={16} />}>
            {t('requests.sent.tab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="incoming">
          <States query={incoming} empty={<Empty icon={<IconInbox size={28} stroke={1.5} />} title={t('requests.incoming.empty')} description={t('requests.incoming.emptyText')} />}>
            {(r) => <IncomingCard key={r.id} request={r} />}
          </States>
        </Tabs.Panel>
        <Tabs.Panel value="sent">
          <States query={sent} empty={<Empty icon={<IconSend size={28} stroke={1.5} />} title={t('requests.sent.empty')} description={t('requests.sent.emptyText')} />}>
            {(r) => <SentCard key={r.id} request={r} />}
          </States>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

/** A list of request cards with its loading, error and empty states. */
function States<T>({ query, empty, children }: { query: { isPending: boolean; error: unknown; data?: T[]; refetch: () => unknown }; empty: ReactNode; children: (item: T) => ReactNode }) {
  if (query.isPending)
    return (
      <Paper withBorder p="md">
        <LoadingRows rows={4} />
      </Paper>
    );
  if (query.error || !query.data) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.length === 0) return <Paper withBorder>{empty}</Paper>;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      {query.data.map(children)}
    </SimpleGrid>
  );
}

function StatusBadge({ status }: { status: MembershipRequestStatus }) {
  const { t } = useTranslation('groups');
  return (
    <Badge variant="light" color={statusColors[status]} style={{ flexShrink: 0 }}>
      {t(`requests.status.${status}`)}
    </Badge>
  );
}

function GroupLine({ group }: { group: IncomingMembershipRequest['group'] }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {group.name}
      </Text>
      <Text size="xs" c="dimmed">
        {[group.typeName, group.areaName].filter(Boolean).join(' · ')}
      </Text>
    </Stack>
  );
}

/** A request naming someone registered in the user's area: who asks, for which group, and the person. */
function IncomingCard({ request: r }: { request: IncomingMembershipRequest }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const approve = useApproveRequest();
  const [confirming, setConfirming] = useState(false);
  const [declining, setDeclining] = useState(false);
  return (
    <Paper withBorder p="md" component="article" aria-label={t('requests.incoming.for', { name: r.person.fullName })}>
      <Stack gap="sm">
        <Row justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Anchor renderRoot={(props) => <Link {...props} to="/people/$id" params={{ id: r.person.id }} />} fw={700} c="dark">
              {r.person.fullName}
            </Anchor>
            <Text size="xs" c="dimmed">
              {personLine(t, r.person, fmt.lang)}
            </Text>
          </Stack>
          <StatusBadge status={r.status} />
        </Row>
        <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
          <DetailField label={t('requests.fields.group')}>
            <GroupLine group={r.group} />
          </DetailField>
          <DetailField label={t('requests.fields.requestedBy')}>
            <Text size="sm">{r.requestedBy.fullName}</Text>
            <Text size="xs" c="dimmed">
              {r.requestedBy.username} · {fmt.date(r.createdAt.slice(0, 10))}
            </Text>
          </DetailField>
          <DetailField label={t('requests.fields.fullNameAsked')}>
            <Text size="sm">{r.fullName}</Text>
          </DetailField>
          <DetailField label={t('requests.fields.membership')}>
            <Text size="sm">{t('requests.roleFrom', { role: memberRoleLabel(t, r.role), date: fmt.date(r.validFrom) })}</Text>
          </DetailField>
        </SimpleGrid>
        {r.status === 'pending' && (
          <Row gap="sm" justify="flex-end">
            <Button variant="default" color="red" leftSection={<IconX size={14} />} onClick={() => setDeclining(true)}>
              {t('requests.decline.action')}
            </Button>
            <Button leftSection={<IconCheck size={14} />} onClick={() => setConfirming(true)}>
              {t('requests.approve.action')}
            </Button>
          </Row>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('requests.approve.title')}
        message={t('requests.approve.text', { name: r.person.fullName, group: r.group.name, area: r.group.areaName ?? '', role: memberRoleLabel(t, r.role), date: fmt.date(r.validFrom) })}
        confirmLabel={t('requests.approve.action')}
        loading={approve.isPending}
        error={approve.error?.message}
        onConfirm={() =>
          approve.mutate(r.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', title: t('requests.approve.doneTitle'), message: t('requests.approve.done', { name: r.person.fullName, group: r.group.name }) });
              setConfirming(false);
            },
          })
        }
        onClose={() => {
          approve.reset();
          setConfirming(false);
        }}
      />
      {declining && <DeclineDialog request={r} onClose={() => setDeclining(false)} />}
    </Paper>
  );
}

function DeclineDialog({ request: r, onClose }: { request: IncomingMembershipRequest; onClose: () => void }) {
  const { t } = useTranslation('groups');
  const isPhone = useIsPhone();
  const decline = useDeclineRequest();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError(t('requests.decline.errors.reason'));
    setError(undefined);
    decline.mutate(
      { id: r.id, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: t('requests.decline.doneTitle'), message: t('requests.decline.done', { name: r.person.fullName }) });
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('requests.decline.title')} size="md" fullScreen={isPhone}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('requests.decline.text', { name: r.person.fullName, group: r.group.name })}</Text>
          <Textarea label={t('requests.decline.reason')} required autosize minRows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} />
          <FormError>{decline.error?.message}</FormError>
          <FormActions onCancel={onClose} loading={decline.isPending} submitLabel={t('requests.decline.action')} mt="xs" />
        </Stack>
      </form>
    </Modal>
  );
}

/** A request the user's area sent: what was typed (the number masked), the outcome and its reason. */
function SentCard({ request: r }: { request: SentMembershipRequest }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const withdraw = useWithdrawRequest();
  const [confirming, setConfirming] = useState(false);
  return (
    <Paper withBorder p="md" component="article" aria-label={t('requests.sent.for', { name: r.fullName })}>
      <Stack gap="sm">
        <Row justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={0} style={{ minWidth: 0 }}>
            {r.personId ? (
              <Anchor renderRoot={(props) => <Link {...props} to="/people/$id" params={{ id: r.personId! }} />} fw={700} c="dark">
                {r.fullName}
              </Anchor>
            ) : (
              <Text fw={700}>{r.fullName}</Text>
            )}
            <Text size="xs" c="dimmed">
              {t('requests.fields.cccd')}: <span className="tq-mono">{r.cccdMasked}</span>
            </Text>
          </Stack>
          <StatusBadge status={r.status} />
        </Row>
        <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
          <DetailField label={t('requests.fields.group')}>
            <Anchor size="sm" fw={600} renderRoot={(props) => <Link {...props} to="/groups/$id" params={{ id: r.group.id }} />}>
              {r.group.name}
            </Anchor>
          </DetailField>
          <DetailField label={t('requests.fields.membership')}>
            <Text size="sm">{t('requests.roleFrom', { role: memberRoleLabel(t, r.role), date: fmt.date(r.validFrom) })}</Text>
          </DetailField>
          <DetailField label={t('requests.fields.sentAt')}>
            <Text size="sm">
              {fmt.date(r.createdAt.slice(0, 10))} · {r.requestedBy.username}
            </Text>
          </DetailField>
          {r.decidedAt && (
            <DetailField label={t('requests.fields.decidedAt')}>
              <Text size="sm">{fmt.date(r.decidedAt.slice(0, 10))}</Text>
            </DetailField>
          )}
        </SimpleGrid>
        {r.status === 'pending' && (
          <Text size="xs" c="dimmed">
            {t('requests.sent.pendingHint')}
          </Text>
        )}
        {r.reason && (
          <DetailField label={t('requests.fields.reason')}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {r.reason}
            </Text>
          </DetailField>
        )}
        {r.status === 'pending' && (
          <Row justify="flex-end">
            <Button variant="subtle" color="red" size="compact-sm" onClick={() => setConfirming(true)}>
              {t('requests.withdraw.action')}
            </Button>
          </Row>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title={t('requests.withdraw.title')}
        message={t('requests.withdraw.text', { name: r.fullName, group: r.group.name })}
        confirmLabel={t('requests.withdraw.action')}
        danger
        loading={withdraw.isPending}
        error={withdraw.error?.message}
        onConfirm={() =>
          withdraw.mutate(r.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', title: t('requests.withdraw.doneTitle'), message: t('requests.withdraw.done', { name: r.fullName }) });
              setConfirming(false);
            },
          })
        }
        onClose={() => {
          withdraw.reset();
          setConfirming(false);
        }}
      />
    </Paper>
  );
}
