import { useState, type FormEvent } from 'react';
import { Alert, Divider, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { groupStatuses, type Group, type GroupStatus } from '../../../shared/groups.js';
import { useChangeGroupArea, useChangeGroupStatus } from '../../api/groups.js';
import { DateField } from '../../components/DateField.js';
import { FormActions } from '../../components/FormDialog.js';
import { PastChangeConfirm, usePastConfirm } from '../../components/PastChangeConfirm.js';
import { unitTitle } from '../../components/labels.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { validateStatusChange, type StatusFormErrors, type StatusFormValues } from './groupForm.js';
import { statusLabel } from './GroupStatusBadge.js';

function ServerError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
      {message}
    </Alert>
  );
}

/** A new status from a date, with the reason and the decision behind it. */
export function GroupStatusDialog({
  group,
  current,
  opened,
  onClose,
}: {
  group: Group;
  /** The latest status period (it may start after today). */
  current: { status: GroupStatus | null; since: string | null };
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('groups');
  const isPhone = useIsPhone();
  return (
    <Modal opened={opened} onClose={onClose} title={t('status.title')} size="lg" fullScreen={isPhone}>
      {opened && <StatusForm group={group} current={current} onClose={onClose} />}
    </Modal>
  );
}

function StatusForm({ group, current, onClose }: { group: Group; current: { status: GroupStatus | null; since: string | null }; onClose: () => void }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const change = useChangeGroupStatus(group.id);
  const write = usePastConfirm(change);
  const [values, setValues] = useState<StatusFormValues>({
    status: null,
    date: todayIso(),
    reason: '',
    decisionNumber: '',
    decisionDate: null,
    decisionIssuer: '',
  });
  const [errors, setErrors] = useState<StatusFormErrors>({});
  const set = <K extends keyof StatusFormValues>(k: K, v: StatusFormValues[K]) => setValues((s) => ({ ...s, [k]: v }));
  const err = (k: keyof StatusFormValues) => (errors[k] ? t(errors[k], { date: current.since ? fmt.date(current.since) : '' }) : null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validateStatusChange(values, current);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    write.mutate(checked.body, {
      onSuccess: () => {
        notifications.show({
          color: 'green',
          title: t('status.doneTitle'),
          message: t('status.done', { name: group.name, status: statusLabel(t, checked.body.status), date: fmt.date(checked.body.date) }),
        });
        onClose();
      },
    });
  };

  if (write.past) return <PastChangeConfirm past={write.past} loading={change.isPending} onConfirm={write.confirm} onBack={write.back} />;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {current.status && (
          <Text size="sm" c="dimmed">
            {t('status.current', { status: statusLabel(t, current.status), date: current.since ? fmt.date(current.since) : '' })}
          </Text>
        )}
        <ServerError message={write.formError} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('status.new')}
            required
            placeholder={t('status.placeholder')}
            value={values.status}
            onChange={(v) => set('status', v as GroupStatus | null)}
            data={groupStatuses.map((s) => ({ value: s, label: statusLabel(t, s), disabled: s === current.status }))}
            error={err('status')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
          <DateField label={t('status.date')} required value={values.date} onChange={(d) => set('date', d)} error={err('date')} />
        </SimpleGrid>
        <Textarea label={t('status.reason')} autosize minRows={2} value={values.reason} onChange={(e) => set('reason', e.currentTarget.value)} error={err('reason')} />
        <Divider label={t('status.decision')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput label={t('fields.decisionNumber')} value={values.decisionNumber} onChange={(e) => set('decisionNumber', e.currentTarget.value)} error={err('decisionNumber')} />
          <DateField label={t('fields.decisionDate')} clearable value={values.decisionDate} onChange={(d) => set('decisionDate', d)} />
          <TextInput label={t('fields.decisionIssuer')} value={values.decisionIssuer} onChange={(e) => set('decisionIssuer', e.currentTarget.value)} error={err('decisionIssuer')} />
        </SimpleGrid>
        <FormActions onCancel={onClose} loading={change.isPending} submitLabel={t('status.submit')} mt="sm" />
      </Stack>
    </form>
  );
}

/** Moves the group to another village or commune from a date. */
export function GroupAreaDialog({ group, opened, onClose }: { group: Group; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('groups');
  const isPhone = useIsPhone();
  return (
    <Modal opened={opened} onClose={onClose} title={t('area.title')} size="lg" fullScreen={isPhone}>
      {opened && <AreaForm group={group} onClose={onClose} />}
    </Modal>
  );
}

function AreaForm({ group, onClose }: { group: Group; onClose: () => void }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const change = useChangeGroupArea(group.id);
  const write = usePastConfirm(change);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [unitName, setUnitName] = useState('');
  const [date, setDate] = useState<string | null>(todayIso());
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ unitId?: string; date?: string; reason?: string }>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!unitId) errs.unitId = t('form.errors.area');
    if (!date) errs.date = t('area.errors.date');
    if (reason.trim().length > 300) errs.reason = t('form.errors.tooLong');
    setErrors(errs);
    if (!unitId || !date || errs.reason) return;
    write.mutate(
      { unitId, date, reason: reason.trim() || null },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: t('area.doneTitle'), message: t('area.done', { name: group.name, area: unitName, date: fmt.date(date) }) });
          onClose();
        },
      },
    );
  };

  if (write.past) return <PastChangeConfirm past={write.past} loading={change.isPending} onConfirm={write.confirm} onBack={write.back} />;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {group.area && (
          <Text size="sm" c="dimmed">
            {t('area.current', { area: unitTitle(group.area) })}
          </Text>
        )}
        <ServerError message={write.formError} />
        <UnitPicker
          label={t('area.new')}
          description={t('form.areaHint')}
          required
          date={date ?? undefined}
          value={unitId}
          onChange={(id, u) => {
            setUnitId(id);
            setUnitName(u ? unitTitle(u) : '');
          }}
          error={errors.unitId}
        />
        <DateField label={t('area.date')} required value={date} onChange={setDate} error={errors.date} w={200} />
        <Textarea label={t('area.reason')} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
        <FormActions onCancel={onClose} loading={change.isPending} submitLabel={t('area.submit')} mt="sm" />
      </Stack>
    </form>
  );
}
