import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Badge, Button, Group as Row, Modal, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconInfoCircle, IconUserPlus, IconUserShare, IconUsers } from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/groups.js';
import type { Membership } from '../../../shared/people.js';
import { useEndMember, useGroupMembers } from '../../api/groups.js';
import { PastChangeConfirm, usePastConfirm } from '../../components/PastChangeConfirm.js';
import { DateField } from '../../components/DateField.js';
import { Empty, ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { lastDay } from '../../lib/dates.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { memberRoleLabel, roleColors } from './memberRoles.js';

/** The members of a group as of the page's date, or every membership with its period. */
export function GroupMembersPanel({ group, date, canWrite }: { group: Group; date: string; canWrite: boolean }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [all, setAll] = useState(false);
  const members = useGroupMembers(group.id, all ? { all: true } : { date });
  const [ending, setEnding] = useState<Membership | null>(null);
  const optional = !group.type.countsMembers;

  const add = () => void navigate({ to: '/groups/$id/members/new', params: { id: group.id }, search: (s) => s });
  const addButton = canWrite && (
    <Button variant="light" leftSection={<IconUserPlus size={16} />} onClick={add}>
      {t('members.add')}
    </Button>
  );
  // Someone registered in another area is not found here: ask the officers of that area.
  const requestButton = canWrite && (
    <Button variant="subtle" leftSection={<IconUserShare size={16} />} title={t('requests.actionHint')} onClick={() => void navigate({ to: '/groups/$id/requests/new', params: { id: group.id }, search: (s) => s })}>
      {t('requests.action')}
    </Button>
  );

  return (
    <Paper withBorder p="md" component="section" aria-label={t('members.title')}>
      <Row justify="space-between" align="flex-start" mb="sm" gap="sm">
        <Stack gap={2}>
          <Title order={3} fz="lg">
            {t('members.title')}
            {members.data && members.data.length > 0 && (
              <Badge ml="xs" variant="light" color="gray" style={{ verticalAlign: 'middle' }}>
                {fmt.number(members.data.length)}
              </Badge>
            )}
          </Title>
          <Text size="sm" c="dimmed">
            {all ? t('members.allPeriods') : t('members.asOf', { date: fmt.date(date) })}
          </Text>
        </Stack>
        <Row gap="sm">
          <Switch label={t('members.showAll')} checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
          {addButton}
          {requestButton}
        </Row>
      </Row>
      {optional && (
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} mb="sm" p="xs">
          {t('members.optional', { type: group.type.name })}
        </Alert>
      )}
      {members.isPending ? (
        <LoadingRows rows={3} />
      ) : members.error ? (
        <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.length === 0 ? (
        <Empty
          icon={<IconUsers size={28} stroke={1.5} />}
          title={all ? t('members.emptyAll') : t('members.empty', { date: fmt.date(date) })}
          description={optional ? undefined : t('members.emptyText')}
          action={addButton}
        />
      ) : (
        <div style={{ opacity: members.isPlaceholderData ? 0.6 : 1 }}>
          {isPhone ? (
            <MemberCards members={members.data} all={all} canWrite={canWrite} onEnd={setEnding} />
          ) : (
            <MemberTable members={members.data} all={all} canWrite={canWrite} onEnd={setEnding} />
          )}
        </div>
      )}
      <EndMemberDialog group={group} membership={ending} onClose={() => setEnding(null)} />
    </Paper>
  );
}

interface ListProps {
  members: Membership[];
  all: boolean;
  canWrite: boolean;
  onEnd: (m: Membership) => void;
}

function usePeriod() {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  return (m: Membership) =>
    m.validTo ? t('members.range', { from: fmt.date(m.validFrom), last: fmt.date(lastDay(m.validTo)) }) : t('members.since', { date: fmt.date(m.validFrom) });
}

function RoleBadge({ m }: { m: Membership }) {
  const { t } = useTranslation('groups');
  return (
    <Badge variant={m.role === 'leader' ? 'filled' : 'light'} color={roleColors[m.role]}>
      {memberRoleLabel(t, m.role)}
    </Badge>
  );
}

function PersonLink({ m }: { m: Membership }) {
  return (
    <Anchor fw={600} size="sm" c="dark" renderRoot={(props) => <Link {...props} to="/people/$id" params={{ id: m.person.id }} />}>
      {m.person.fullName}
    </Anchor>
  );
}

function MemberTable({ members, all, canWrite, onEnd }: ListProps) {
  const { t } = useTranslation('groups');
  const period = usePeriod();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped="odd" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('members.fields.person')}</Table.Th>
            <Table.Th>{t('members.fields.role')}</Table.Th>
            <Table.Th>{all ? t('members.fields.period') : t('members.fields.since')}</Table.Th>
            <Table.Th>{t('members.fields.cccd')}</Table.Th>
            <Table.Th>{t('members.fields.phone')}</Table.Th>
            {canWrite && <Table.Th w={110} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((m) => (
            <Table.Tr key={m.id} aria-label={m.person.fullName}>
              <Table.Td>
                <PersonLink m={m} />
              </Table.Td>
              <Table.Td>
                <RoleBadge m={m} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={m.validTo ? 'dimmed' : undefined}>
                  {period(m)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" className="tq-mono" c={m.person.cccdMasked ? undefined : 'dimmed'}>
                  {m.person.cccdMasked ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                {m.person.phone ? (
                  <Anchor size="sm" c="dark" href={`tel:${m.person.phone.replace(/[^+0-9]/g, '')}`}>
                    {m.person.phone}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              {canWrite && (
                <Table.Td>
                  {!m.validTo && (
                    <Button size="compact-sm" variant="subtle" color="gray" onClick={() => onEnd(m)} aria-label={t('members.end.actionFor', { name: m.person.fullName })}>
                      {t('members.end.action')}
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MemberCards({ members, canWrite, onEnd }: ListProps) {
  const { t } = useTranslation('groups');
  const period = usePeriod();
  return (
    <Stack gap="xs">
      {members.map((m) => (
        <Paper key={m.id} withBorder p="sm" aria-label={m.person.fullName}>
          <Stack gap={4}>
            <Row justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
              <PersonLink m={m} />
              <RoleBadge m={m} />
            </Row>
            <Text size="sm" c={m.validTo ? 'dimmed' : undefined}>
              {period(m)}
            </Text>
            <Text size="sm" c="dimmed">
              {t('members.fields.cccd')}: <span className="tq-mono">{m.person.cccdMasked ?? '—'}</span>
              {m.person.phone && (
                <>
                  {' · '}
                  <Anchor size="sm" c="dark" href={`tel:${m.person.phone.replace(/[^+0-9]/g, '')}`}>
                    {m.person.phone}
                  </Anchor>
                </>
              )}
            </Text>
            {canWrite && !m.validTo && (
              <Row justify="flex-end">
                <Button size="compact-sm" variant="subtle" color="gray" onClick={() => onEnd(m)} aria-label={t('members.end.actionFor', { name: m.person.fullName })}>
                  {t('members.end.action')}
                </Button>
              </Row>
            )}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}

/** Ends a membership on a date: from that day the person is no longer counted. */
function EndMemberDialog({ group, membership, onClose }: { group: Group; membership: Membership | null; onClose: () => void }) {
  const { t } = useTranslation('groups');
  const isPhone = useIsPhone();
  return (
    <Modal opened={!!membership} onClose={onClose} title={t('members.end.title')} size="md" fullScreen={isPhone}>
      {membership && <EndForm group={group} membership={membership} onClose={onClose} />}
    </Modal>
  );
}

function EndForm({ group, membership, onClose }: { group: Group; membership: Membership; onClose: () => void }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const end = useEndMember(group.id);
  const write = usePastConfirm(end);
  const [date, setDate] = useState<string | null>(todayIso());
  const [error, setError] = useState<string | null>(null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!date) return setError(t('members.end.errors.date'));
    if (date <= membership.validFrom) return setError(t('members.end.errors.order', { date: fmt.date(membership.validFrom) }));
    setError(null);
    write.mutate(
      { membershipId: membership.id, date },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: t('members.end.doneTitle'), message: t('members.end.done', { name: membership.person.fullName, date: fmt.date(date) }) });
          onClose();
        },
      },
    );
  };

  if (write.past) return <PastChangeConfirm past={write.past} loading={end.isPending} onConfirm={write.confirm} onBack={write.back} />;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {t('members.end.text', { name: membership.person.fullName, role: memberRoleLabel(t, membership.role), date: fmt.date(membership.validFrom) })}
        </Text>
        {write.formError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {write.formError}
          </Alert>
        )}
        <DateField label={t('members.end.date')} description={t('members.end.dateHint')} required value={date} onChange={setDate} error={error} w={220} />
        <Row justify="flex-end" gap="sm" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" color="red" loading={end.isPending}>
            {t('members.end.submit')}
          </Button>
        </Row>
      </Stack>
    </form>
  );
}
