import { useState } from 'react';
import { Alert, Anchor, Avatar, Badge, Button, Group as Row, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconEdit, IconEye, IconEyeOff, IconGitMerge, IconInfoCircle, IconUsersGroup } from '@tabler/icons-react';
import { getRouteApi, Link, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../shared/people.js';
import { useCurrentUser } from '../../api/auth.js';
import type { ApiError } from '../../api/client.js';
import { usePerson, usePersonMemberships, useRevealCccd, type PersonMembership } from '../../api/people.js';
import { DetailField } from '../../components/DetailField.js';
import { DetailPageGate } from '../../components/DetailPageGate.js';
import { initials, unitTitle } from '../../components/labels.js';
import { PageHeader, type Crumb } from '../../components/PageHeader.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { StatusScreen } from '../../components/StatusScreen.js';
import { useFormat } from '../../i18n/useFormat.js';
import { lastDay } from '../../lib/dates.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { can } from '../auth/access.js';
import { memberRoleLabel, roleColors } from '../groups/memberRoles.js';
import { birthLabel, genderLabel } from './personLabels.js';
import { PersonEditDialog } from './PersonEditDialog.js';

const route = getRouteApi('/_app/people/$id');

export function PersonPage() {
  const { t } = useTranslation('people');
  const { id } = route.useParams();
  const person = usePerson(id);
  const crumbs: Crumb[] = [
    { label: t('common:nav.home'), to: '/' },
    { label: t('title'), to: '/people' },
  ];

  return (
    <DetailPageGate query={person} loadingTitle={t('page.loading')} errorTitle={t('title')} crumbs={crumbs} notFound={mergedNotice}>
      {(data) => <PersonView person={data} crumbs={crumbs} />}
    </DetailPageGate>
  );
}

/** A record merged into another answers 404 with the record it went into, when the user can see it. */
function mergedNotice(error: ApiError) {
  const into = (error.details as { mergedInto?: unknown } | undefined)?.mergedInto;
  return typeof into === 'string' && into ? <MergedNotice into={into} /> : null;
}

function MergedNotice({ into }: { into: string }) {
  const { t } = useTranslation('people');
  const router = useRouter();
  return (
    <StatusScreen
      icon={<IconGitMerge size={34} />}
      title={t('merged.title')}
      message={
        <Stack gap={6} component="span">
          <Anchor renderRoot={(props) => <Link {...props} to="/people/$id" params={{ id: into }} />} fw={600}>
            {t('merged.link')}
          </Anchor>
          <Text component="span" size="sm" c="dimmed">
            {t('merged.text')}
          </Text>
        </Stack>
      }
    >
      <Row justify="center">
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => router.history.back()}>
          {t('common:actions.back')}
        </Button>
        <Button renderRoot={(props) => <Link {...props} to="/people/$id" params={{ id: into }} />}>
          {t('merged.open')}
        </Button>
      </Row>
    </StatusScreen>
  );
}

function PersonView({ person: p, crumbs }: { person: Person; crumbs: Crumb[] }) {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const birth = birthLabel(p, fmt.lang);
  const mayWrite = can(useCurrentUser(), 'groups.write');
  const [editing, setEditing] = useState(false);
  const none = (
    <Text size="sm" c="dimmed">
      {t('page.none')}
    </Text>
  );
  const plain = (v: string | null) => (v ? <Text size="sm">{v}</Text> : none);

  return (
    <>
      <PageHeader
        title={
          <Row gap="sm" wrap="nowrap" component="span">
            <Avatar radius="xl" size={44} color="brand" variant="light">
              {initials(p.fullName)}
            </Avatar>
            <span>{p.fullName}</span>
          </Row>
        }
        crumbs={[...crumbs, { label: p.fullName }]}
        actions={
          mayWrite && (
            <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
              {t('edit.action')}
            </Button>
          )
        }
      />
      {editing && <PersonEditDialog person={p} onClose={() => setEditing(false)} />}
      <Stack gap="md">
        <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
          <Title order={3} fz="lg" mb="md">
            {t('page.details')}
          </Title>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="lg" verticalSpacing="md">
            <DetailField label={t('fields.gender')}>{p.gender ? <Text size="sm">{genderLabel(t, p.gender)}</Text> : none}</DetailField>
            <DetailField label={p.birthDate ? t('fields.birthDate') : t('fields.birthYear')}>{plain(birth)}</DetailField>
            <DetailField label={t('fields.cccd')}>
              <CccdField person={p} />
            </DetailField>
            <DetailField label={t('fields.phone')}>
              {p.phone ? (
                <Text size="sm" component="a" href={`tel:${p.phone.replace(/[^+0-9]/g, '')}`} c="brand">
                  {p.phone}
                </Text>
              ) : (
                none
              )}
            </DetailField>
            <DetailField label={t('fields.address')}>
              {p.address || p.addressText ? (
                <Stack gap={0}>
                  {p.addressText && <Text size="sm">{p.addressText}</Text>}
                  {p.address && <Text size="sm">{unitTitle(p.address)}</Text>}
                </Stack>
              ) : (
                none
              )}
            </DetailField>
            <DetailField label={t('fields.occupation')}>{plain(p.occupation)}</DetailField>
            <DetailField label={t('fields.ethnicity')}>{p.sensitiveConsentAt ? plain(p.ethnicity) : <NotRecorded />}</DetailField>
            <DetailField label={t('fields.religion')}>{p.sensitiveConsentAt ? plain(p.religion) : <NotRecorded />}</DetailField>
            <DetailField label={t('fields.createdAt')}>
              <Text size="sm">{fmt.dateTime(p.createdAt)}</Text>
            </DetailField>
          </SimpleGrid>
          {p.sensitiveConsentAt && (
            <Text size="xs" c="dimmed" mt="md">
              {t('page.consentAt', { date: fmt.dateTime(p.sensitiveConsentAt) })}
            </Text>
          )}
        </Paper>
        <MembershipsPanel personId={p.id} />
      </Stack>
    </>
  );
}

/** The groups the person is or was in: the group, the role, the period. */
function MembershipsPanel({ personId }: { personId: string }) {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const isPhone = useIsPhone();
  const memberships = usePersonMemberships(personId);
  const period = (m: PersonMembership) =>
    m.validTo
      ? t('groups:members.range', { from: fmt.date(m.validFrom), last: fmt.date(lastDay(m.validTo)) })
      : t('groups:members.since', { date: fmt.date(m.validFrom) });
  const groupLink = (m: PersonMembership) => (
    <Anchor renderRoot={(props) => <Link {...props} to="/groups/$id" params={{ id: m.group.id }} />} fw={600} size="sm">
      {m.group.name}
    </Anchor>
  );
  const role = (m: PersonMembership) => (
    <Badge variant="light" color={m.validTo ? 'gray' : roleColors[m.role]} style={{ flexShrink: 0 }}>
      {memberRoleLabel(t, m.role)}
    </Badge>
  );

  return (
    <Paper withBorder p="md" component="section" aria-label={t('memberships.title')}>
      <Title order={3} fz="lg" mb="sm">
        {t('memberships.title')}
        {memberships.data && memberships.data.length > 0 && (
          <Badge ml="xs" variant="light" color="gray" style={{ verticalAlign: 'middle' }}>
            {fmt.number(memberships.data.length)}
          </Badge>
        )}
      </Title>
      {memberships.isPending ? (
        <LoadingRows rows={2} />
      ) : memberships.error ? (
        <ErrorAlert error={memberships.error} onRetry={() => void memberships.refetch()} />
      ) : memberships.data.length === 0 ? (
        <Empty icon={<IconUsersGroup size={28} stroke={1.5} />} title={t('memberships.empty')} />
      ) : isPhone ? (
        <Stack gap="xs">
          {memberships.data.map((m) => (
            <Paper key={m.id} withBorder p="xs">
              <Row justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  {groupLink(m)}
                  <Text size="xs" c="dimmed">
                    {m.group.typeName}
                  </Text>
                  <Text size="xs">{period(m)}</Text>
                </Stack>
                {role(m)}
              </Row>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped="odd">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('memberships.group')}</Table.Th>
                <Table.Th>{t('memberships.role')}</Table.Th>
                <Table.Th>{t('memberships.period')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {memberships.data.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    {groupLink(m)}
                    <Text size="xs" c="dimmed">
                      {m.group.typeName}
                    </Text>
                  </Table.Td>
                  <Table.Td>{role(m)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={m.validTo ? 'dimmed' : undefined}>
                      {period(m)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function NotRecorded() {
  const { t } = useTranslation('people');
  return (
    <Text size="sm" c="dimmed">
      {t('page.notRecorded')}
    </Text>
  );
}

/** The masked number; the whole one on request, for those allowed, each time written to the audit log. */
function CccdField({ person }: { person: Person }) {
  const { t } = useTranslation('people');
  const me = useCurrentUser();
  const reveal = useRevealCccd(person.id);
  const [shown, setShown] = useState<string | null>(null);
  if (!person.cccdMasked) {
    return (
      <Text size="sm" c="dimmed">
        {t('reveal.noNumber')}
      </Text>
    );
  }
  const allowed = can(me, 'people.reveal');
  return (
    <Stack gap={6} align="flex-start">
      <Text size="sm" className="tq-mono" fw={shown ? 600 : undefined} aria-live="polite">
        {shown ?? person.cccdMasked}
      </Text>
      {allowed &&
        (shown ? (
          <Button size="compact-sm" variant="subtle" leftSection={<IconEyeOff size={14} />} onClick={() => setShown(null)}>
            {t('reveal.hide')}
          </Button>
        ) : (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconEye size={14} />}
            loading={reveal.isPending}
            onClick={() => reveal.mutate(undefined, { onSuccess: (r) => setShown(r.cccd ?? null) })}
          >
            {t('reveal.action')}
          </Button>
        ))}
      {allowed && (
        <Alert variant="light" color="yellow" icon={<IconInfoCircle size={16} />} p={6} fz="xs">
          {t('reveal.note')}
        </Alert>
      )}
      {reveal.error && (
        <Text size="xs" c="red" role="alert">
          {reveal.error.message}
        </Text>
      )}
    </Stack>
  );
}
