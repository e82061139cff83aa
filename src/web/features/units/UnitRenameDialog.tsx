import { useState, type FormEvent } from 'react';
import { Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/units.js';
import { useRenameVillage } from '../../api/units.js';
import { DateField } from '../../components/DateField.js';
import { FormActions, FormError } from '../../components/FormDialog.js';
import { unitTitle } from '../../components/labels.js';
import { PastChangeConfirm, usePastConfirm } from '../../components/PastChangeConfirm.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';

/**
 * Renames a village from a date (today or earlier), with the reason and the decision: before the
 * date everything keeps the old name. A date more than a month back, or one that renames a village
 * in a census already reported, asks for confirmation. Then opens the village's new record.
 */
export function UnitRenameDialog({ unit, onClose }: { unit: Unit | null; onClose: () => void }) {
  const { t } = useTranslation('units');
  const isPhone = useIsPhone();
  return (
    <Modal opened={unit !== null} onClose={onClose} title={t('rename.title')} size="lg" fullScreen={isPhone}>
      {unit && <RenameForm key={unit.id} unit={unit} onClose={onClose} />}
    </Modal>
  );
}

function RenameForm({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const navigate = useNavigate();
  const rename = useRenameVillage(unit.id);
  const write = usePastConfirm(rename);
  const today = todayIso();
  const [name, setName] = useState('');
  const [date, setDate] = useState<string | null>(today);
  const [reason, setReason] = useState('');
  const [decisionNumber, setDecisionNumber] = useState('');
  const [errors, setErrors] = useState<{ name?: string; date?: string; reason?: string }>({});

  if (write.past) return <PastChangeConfirm past={write.past} loading={rename.isPending} onConfirm={write.confirm} onBack={write.back} />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!name.trim()) errs.name = t('rename.errors.name');
    if (!date) errs.date = t('rename.errors.date');
    if (!reason.trim()) errs.reason = t('rename.errors.reason');
    setErrors(errs);
    if (!name.trim() || !date || !reason.trim()) return;
    write.mutate(
      { name: name.trim(), date, reason: reason.trim(), decisionNumber: decisionNumber.trim() || null },
      {
        onSuccess: (renamed: Unit) => {
          notifications.show({
            color: 'green',
            title: t('rename.doneTitle'),
            message: t('rename.done', { old: unitTitle(unit), name: unitTitle(renamed), date: fmt.date(date) }),
          });
          onClose();
          void navigate({ to: '/units/$id', params: { id: renamed.id } });
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('rename.intro', { name: unitTitle(unit) })}
        </Text>
        <FormError>{write.formError}</FormError>
        <TextInput label={t('rename.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} maxLength={200} data-autofocus />
        <DateField label={t('rename.date')} description={t('rename.dateHint')} required value={date} onChange={setDate} error={errors.date} minDate={unit.validFrom} maxDate={today} w={220} />
        <TextInput label={t('rename.reason')} description={t('rename.reasonHint')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} maxLength={300} />
        <TextInput label={t('rename.decisionNumber')} value={decisionNumber} onChange={(e) => setDecisionNumber(e.currentTarget.value)} maxLength={100} w={260} />
        <FormActions onCancel={onClose} loading={rename.isPending} submitLabel={t('rename.submit')} mt="sm" />
      </Stack>
    </form>
  );
}
