import { useState } from 'react';
import { Badge, Button, Group as Row, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconEdit, IconMapPin, IconProgress } from '@tabler/icons-react';
import { getRouteApi, Outlet } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/groups.js';
import { useCurrentUser } from '../../api/auth.js';
import { useGroup, useGroupTimeline } from '../../api/groups.js';
import { DateField } from '../../components/DateField.js';
import { DetailField } from '../../components/DetailField.js';
import { DetailPageGate } from '../../components/DetailPageGate.js';
import { unitTitle } from '../../components/labels.js';
import { PageHeader, type Crumb } from '../../components/PageHeader.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { can } from '../auth/access.js';
import { UnitAnchor } from '../units/UnitAnchor.js';
import { GroupAreaDialog, GroupStatusDialog } from './GroupChangeDialogs.js';
import { GroupStatusBadge, statusColors, statusLabel } from './GroupStatusBadge.js';
import { GroupLinksPanel } from './GroupLinksPanel.js';
import { GroupMembersPanel } from './GroupMembersPanel.js';
import { GroupTimelinePanel } from './GroupTimelinePanel.js';

const route = getRouteApi('/_app/groups/$id');

export function GroupPage() {
  const { t } = useTranslation('groups');
  const { id } = route.useParams();
  const search = route.useSearch();
  const group = useGroup(id, search.date);
  const crumbs: Crumb[] = [
    { label: t('common:nav.home'), to: '/' },
    { label: t('title'), to: '/groups' },
  ];

  return (
    <DetailPageGate query={group} loadingTitle={t('page.loading')} errorTitle={t('title')} crumbs={crumbs}>
      {(data) => <GroupView group={data} dimmed={group.isPlaceholderData} />}
    </DetailPageGate>
  );
}

function GroupView({ group, dimmed }: { group: Group; dimmed: boolean }) {
  const { t } = useTranslation('groups');
  const me = useCurrentUser();
  const fmt = useFormat();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const today = todayIso();
  const date = search.date ?? today;
  const timeline = useGroupTimeline(group.id);
  const [changingStatus, setChangingStatus] = useState(false);
  const [movingArea, setMovingArea] = useState(false);
  const canWrite = can(me, 'groups.write');

  const latest = timeline.data ? [...timeline.data.statuses].sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0] : undefined;
  const current = latest ? { status: latest.status, since: latest.validFrom } : { status: group.status, since: group.statusSince };
  const path = group.area?.path ?? [];
  const areaPath = path.map((p, i) => (i === path.length - 1 ? (group.area?.label ?? p.name) : p.name)).join(' › ');

  const crumbs: Crumb[] = [
    { label: t('common:nav.home'), to: '/' },
    { label: t('title'), to: '/groups', search: { date: search.date } },
    { label: group.name },
  ];

  const decisionParts = [
    group.decisionNumber ? t('page.decisionNumber', { number: group.decisionNumber }) : null,
    group.decisionDate ? t('page.decisionDate', { date: fmt.date(group.decisionDate) }) : null,
    group.decisionIssuer,
  ].filter(Boolean);

  return (
    <>
      <PageHeader
        title={group.name}
        description={
          <Row gap={8} component="span" wrap="wrap">
            <Badge variant="light" color="brand" component="span">
              {group.type.name}
            </Badge>
            <GroupStatusBadgeInline group={group} />
            {areaPath && (
              <Text span size="sm" c="dimmed">
                {areaPath}
              </Text>
            )}
          </Row>
        }
        crumbs={crumbs}
        actions={
          canWrite && (
            <>
              <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => void navigate({ to: '/groups/$id/edit', params: { id: group.id }, search: (s) => s })}>
                {t('actions.edit')}
              </Button>
              <Button variant="light" leftSection={<IconProgress size={16} />} onClick={() => setChangingStatus(true)}>
                {t('actions.changeStatus')}
              </Button>
              <Button variant="light" leftSection={<IconMapPin size={16} />} onClick={() => setMovingArea(true)}>
                {t('actions.changeArea')}
              </Button>
            </>
          )
        }
      />

      <Stack gap="md">
        <Paper withBorder p="md" style={{ opacity: dimmed ? 0.6 : 1 }}>
          <Row justify="space-between" align="flex-end" mb="md" gap="sm">
            <Stack gap={2}>
              <Title order={3} fz="lg">
                {t('page.details')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('page.asOfText', { date: fmt.date(date) })}
              </Text>
            </Stack>
            <DateField
              label={t('page.asOf')}
              value={date}
              onChange={(d) => void navigate({ search: { date: d && d !== today ? d : undefined }, replace: true })}
              w={170}
            />
          </Row>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" verticalSpacing="md">
            <DetailField label={t('fields.status')}>
              <GroupStatusBadge status={group.status} since={group.statusSince} />
            </DetailField>
            <DetailField label={t('fields.area')}>
              {group.area ? (
                <Stack gap={0}>
                  <UnitAnchor id={group.area.id} date={search.date} size="sm" fw={600}>
                    {unitTitle(group.area)}
                  </UnitAnchor>
                  {path.length >= 2 && (
                    <Text size="xs" c="dimmed">
                      {path
                        .slice(0, -1)
                        .map((p) => p.name)
                        .join(' › ')}
                    </Text>
                  )}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              )}
            </DetailField>
            <DetailField label={t('fields.foundedOn')}>
              <Text size="sm">{fmt.date(group.foundedOn)}</Text>
            </DetailField>
            <DetailField label={t('fields.decision')}>
              <Text size="sm" c={decisionParts.length ? undefined : 'dimmed'}>
                {decisionParts.length ? decisionParts.join(', ') : t('page.none')}
              </Text>
            </DetailField>
            <DetailField label={t('fields.contact')}>
              {group.contactPhone || group.contactText ? (
                <Stack gap={0}>
                  {group.contactPhone && (
                    <Text size="sm" component="a" href={`tel:${group.contactPhone.replace(/[^+0-9]/g, '')}`} c="dark">
                      {group.contactPhone}
                    </Text>
                  )}
                  {group.contactText && <Text size="sm">{group.contactText}</Text>}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('page.none')}
                </Text>
              )}
            </DetailField>
            <DetailField label={t('fields.notes')}>
              <Text size="sm" c={group.notes ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap' }}>
                {group.notes ?? t('page.none')}
              </Text>
            </DetailField>
          </SimpleGrid>
        </Paper>

        <GroupMembersPanel group={group} date={date} canWrite={canWrite} />
        <GroupLinksPanel group={group} canWrite={canWrite} />
        <GroupTimelinePanel timeline={timeline.data} error={timeline.error} onRetry={() => void timeline.refetch()} />
      </Stack>

      {canWrite && (
        <>
          <GroupStatusDialog group={group} current={current} opened={changingStatus} onClose={() => setChangingStatus(false)} />
          <GroupAreaDialog group={group} opened={movingArea} onClose={() => setMovingArea(false)} />
        </>
      )}
      <Outlet />
    </>
  );
}

/** The status in the header, without the "since" line. */
function GroupStatusBadgeInline({ group }: { group: Group }) {
  const { t } = useTranslation('groups');
  if (!group.status) return null;
  return (
    <Badge variant="light" component="span" color={statusColors[group.status]}>
      {statusLabel(t, group.status)}
    </Badge>
  );
}
