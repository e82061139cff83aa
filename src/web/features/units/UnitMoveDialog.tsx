import { useState, type FormEvent } from 'react';
import { Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/units.js';
import { useMoveVillage } from '../../api/units.js';
import { DateField } from '../../components/DateField.js';
import { FormActions, FormError } from '../../components/FormDialog.js';
import { unitTitle } from '../../components/labels.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';

/** Moves a village to another commune from a date; then opens the village's new record. */
export function UnitMoveDialog({ unit, onClose }: { unit: Unit | null; onClose: () => void }) {
  const { t } = useTranslation('units');
  const isPhone = useIsPhone();
  return (
    <Modal opened={unit !== null} onClose={onClose} title={t('move.title')} size="lg" fullScreen={isPhone}>
      {unit && <MoveForm key={unit.id} unit={unit} onClose={onClose} />}
    </Modal>
  );
}

function MoveForm({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const navigate = useNavigate();
  const move = useMoveVillage();
  const [parentId, setParentId] = useState<string | null>(null);
  const [parentName, setParentName] = useState('');
  const [date, setDate] = useState<string | null>(todayIso());
  const [errors, setErrors] = useState<{ parentId?: string; date?: string }>({});
  const parent = unit.path[unit.path.length - 2];

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!parentId) errs.parentId = t('move.errors.commune');
    if (!date) errs.date = t('move.errors.date');
    setErrors(errs);
    if (!parentId || !date) return;
    move.mutate(
      { id: unit.id, parentId, date },
      {
        onSuccess: (moved) => {
          notifications.show({
            color: 'green',
            title: t('move.doneTitle'),
            message: t('move.done', { name: unitTitle(moved), parent: parentName, date: fmt.date(date) }),
          });
          onClose();
          void navigate({ to: '/units/$id', params: { id: moved.id } });
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {parent ? t('move.intro', { name: unitTitle(unit), parent: parent.name }) : t('move.introNoParent', { name: unitTitle(unit) })}
        </Text>
        <FormError>{move.error?.message}</FormError>
        <UnitPicker
          label={t('move.commune')}
          description={t('move.communeHint')}
          required
          level="commune"
          date={date ?? undefined}
          value={parentId}
          onChange={(id, u) => {
            setParentId(id);
            setParentName(u ? unitTitle(u) : '');
          }}
          error={errors.parentId}
        />
        <DateField label={t('move.date')} required value={date} onChange={setDate} error={errors.date} minDate={unit.validFrom} w={200} />
        <FormActions onCancel={onClose} loading={move.isPending} submitLabel={t('move.submit')} mt="sm" />
      </Stack>
    </form>
  );
}
