import { useRef, useState, type FormEvent } from 'react';
import { Alert, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/groups.js';
import type { MemberRole } from '../../../shared/people.js';
import { useCreateRequest } from '../../api/membership-requests.js';
import { DateField } from '../../components/DateField.js';
import { FormActions, FormError } from '../../components/FormDialog.js';
import { PastChangeConfirm, usePastConfirm } from '../../components/PastChangeConfirm.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { memberRoleLabel, memberRoleList } from '../groups/memberRoles.js';
import { newRequestId } from './requestId.js';
import { GroupDialog } from '../groups/GroupDialog.js';

const route = getRouteApi('/_app/groups/$id/requests/new');

/** The routed dialog at /groups/$id/requests/new: ask that someone registered elsewhere join this group. */
export function RequestSendDialog() {
  const { t } = useTranslation('groups');
  const { id } = route.useParams();
  const search = route.useSearch();
  return (
    <GroupDialog id={id} date={search.date} title={t('requests.send.title')} size="lg">
      {(group, close) => <RequestForm group={group} onDone={close} />}
    </GroupDialog>
  );
}

function RequestForm({ group, onDone }: { group: Group; onDone: () => void }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const create = useCreateRequest();
  // A request back-dated past a reported or month-old census asks for confirmation first.
  const write = usePastConfirm(create);
  // One id per filled-in request: a second press after a lost answer sends the same one.
  const requestId = useRef(newRequestId());
  const [cccd, setCccd] = useState('');
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<MemberRole>('member');
  const [from, setFrom] = useState<string | null>(todayIso());
  const [errors, setErrors] = useState<{ cccd?: string; fullName?: string; from?: string }>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const digits = cccd.replace(/[\s.-]/g, '');
    const errs: typeof errors = {};
    if (!/^\d{12}$/.test(digits)) errs.cccd = t('requests.send.errors.cccd');
    if (!fullName.trim()) errs.fullName = t('requests.send.errors.fullName');
    if (!from) errs.from = t('memberAdd.errors.from');
    else if (from < group.foundedOn) errs.from = t('memberAdd.errors.beforeFounding', { date: fmt.date(group.foundedOn) });
    setErrors(errs);
    if (errs.cccd || errs.fullName || errs.from || !from) return;
    write.mutate(
      { id: requestId.current, groupId: group.id, cccd: digits, fullName: fullName.trim(), role, from },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: t('requests.send.doneTitle'), message: t('requests.send.done', { name: fullName.trim(), group: group.name }) });
          onDone();
        },
      },
    );
  };

  if (write.past) return <PastChangeConfirm past={write.past} loading={create.isPending} onConfirm={write.confirm} onBack={write.back} />;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />} p="xs">
          <Text size="sm">{t('requests.send.explain', { group: group.name })}</Text>
        </Alert>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t('requests.fields.cccd')}
            required
            inputMode="numeric"
            autoComplete="off"
            maxLength={20}
            value={cccd}
            onChange={(e) => setCccd(e.currentTarget.value)}
            error={errors.cccd}
            description={t('requests.send.cccdHint')}
            classNames={{ input: 'tq-mono' }}
          />
          <TextInput
            label={t('requests.fields.fullName')}
            required
            maxLength={200}
            value={fullName}
            onChange={(e) => setFullName(e.currentTarget.value)}
            error={errors.fullName}
            description={t('requests.send.nameHint')}
          />
          <Select
            label={t('members.fields.role')}
            required
            value={role}
            onChange={(v) => v && setRole(v as MemberRole)}
            data={memberRoleList.map((r) => ({ value: r, label: memberRoleLabel(t, r) }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <DateField label={t('memberAdd.from')} required value={from} onChange={setFrom} error={errors.from} minDate={group.foundedOn} />
        </SimpleGrid>
        <FormError>{write.formError}</FormError>
        <FormActions onCancel={onDone} loading={create.isPending} submitLabel={t('requests.send.submit')} mt="sm" />
      </Stack>
    </form>
  );
}
