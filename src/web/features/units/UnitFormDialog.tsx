import { useState, type FormEvent } from 'react';
import { Modal, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { Unit, UnitLevel } from '../../../shared/units.js';
import { useCreateUnit, useUpdateUnit } from '../../api/units.js';
import { DateField } from '../../components/DateField.js';
import { FormActions, FormError } from '../../components/FormDialog.js';
import { levelLabel, unitTitle } from '../../components/labels.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { childLevels, kindsOf, validateUnitCreate, type UnitFormErrors, type UnitFormValues } from './unitForm.js';

/** A new unit under `parent` (null: a province). */
export function UnitCreateDialog({
  opened,
  parent,
  defaultDate,
  onClose,
}: {
  opened: boolean;
  parent: Unit | null;
  defaultDate: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('units');
  const isPhone = useIsPhone();
  const create = useCreateUnit();
  const levels = childLevels(parent?.level ?? null);
  const initial: UnitFormValues = {
    code: '',
    name: '',
    level: levels.length === 1 ? levels[0]! : null,
    kind: null,
    validFrom: defaultDate,
    validTo: null,
  };
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<UnitFormErrors>({});
  const set = <K extends keyof UnitFormValues>(k: K, v: UnitFormValues[K]) => setValues((s) => ({ ...s, [k]: v }));
  const err = (k: keyof UnitFormValues) => (errors[k] ? t(errors[k]) : null);

  const close = () => {
    setValues(initial);
    setErrors({});
    create.reset();
    onClose();
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validateUnitCreate(values, parent?.id ?? null);
    if ('errors' in checked) return setErrors(checked.errors);
    setErrors({});
    create.mutate(checked.body, {
      onSuccess: (unit) => {
        notifications.show({ color: 'green', title: t('form.createdTitle'), message: t('form.created', { name: unitTitle(unit) }) });
        close();
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={t('form.createTitle')} size="lg" fullScreen={isPhone}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {parent ? t('form.under', { name: unitTitle(parent) }) : t('form.underCountry')}
          </Text>
          <FormError>{create.error?.message}</FormError>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('fields.level')}
              required
              placeholder={t('form.levelPlaceholder')}
              value={values.level}
              onChange={(v) => setValues((s) => ({ ...s, level: (v as UnitLevel | null) ?? null, kind: null }))}
              data={levels.map((l) => ({ value: l, label: levelLabel(t, l) }))}
              error={err('level')}
              allowDeselect={false}
            />
            <Select
              label={t('fields.kind')}
              required
              placeholder={values.level ? t('form.kindPlaceholder') : t('form.kindNeedsLevel')}
              disabled={!values.level}
              value={values.kind}
              onChange={(v) => set('kind', v)}
              data={kindsOf(values.level)}
              error={err('kind')}
              allowDeselect={false}
            />
            <TextInput
              label={t('fields.code')}
              description={t('form.codeHint')}
              required
              value={values.code}
              onChange={(e) => set('code', e.currentTarget.value)}
              error={err('code')}
              autoCapitalize="none"
              spellCheck={false}
              data-autofocus
            />
            <TextInput
              label={t('fields.name')}
              description={t('form.nameHint')}
              required
              value={values.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={err('name')}
            />
            <DateField label={t('fields.validFrom')} required value={values.validFrom} onChange={(d) => set('validFrom', d)} error={err('validFrom')} />
            <DateField
              label={t('fields.validTo')}
              description={t('form.validToHint')}
              clearable
              value={values.validTo}
              onChange={(d) => set('validTo', d)}
              error={err('validTo')}
              minDate={values.validFrom ?? undefined}
            />
          </SimpleGrid>
          <FormActions onCancel={close} loading={create.isPending} submitLabel={t('form.create')} mt="sm" />
        </Stack>
      </form>
    </Modal>
  );
}

/** Rename a unit, change its kind, or close it with an end date. */
export function UnitEditDialog({ unit, onClose }: { unit: Unit | null; onClose: () => void }) {
  const { t } = useTranslation('units');
  const isPhone = useIsPhone();
  return (
    <Modal opened={unit !== null} onClose={onClose} title={t('form.editTitle')} size="lg" fullScreen={isPhone}>
      {unit && <UnitEditForm key={unit.id} unit={unit} onClose={onClose} />}
    </Modal>
  );
}

function UnitEditForm({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { t } = useTranslation('units');
  const update = useUpdateUnit(unit.id);
  const [name, setName] = useState(unit.name);
  const [kind, setKind] = useState<string | null>(unit.kind);
  const [validTo, setValidTo] = useState<string | null>(unit.validTo);
  const [population, setPopulation] = useState<number | string>(unit.population ?? '');
  const [errors, setErrors] = useState<UnitFormErrors & { population?: string }>({});
  const fmt = useFormat();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: UnitFormErrors & { population?: string } = {};
    if (!name.trim()) errs.name = 'form.errors.name';
    if (!kind) errs.kind = 'form.errors.kind';
    if (validTo && validTo <= unit.validFrom) errs.validTo = 'form.errors.periodOrder';
    const people = population === '' ? null : Number(population);
    if (people !== null && !(Number.isInteger(people) && people > 0)) errs.population = 'form.errors.population';
    setErrors(errs);
    if (Object.keys(errs).length > 0) return;
    const body: { name?: string; kind?: string; validTo?: string | null; population?: number | null } = {};
    if (people !== unit.population) body.population = people;
    if (name.trim() !== unit.name) body.name = name.trim();
    if (kind && kind !== unit.kind) body.kind = kind;
    if (validTo !== unit.validTo) body.validTo = validTo;
    if (Object.keys(body).length === 0) return onClose();
    update.mutate(body, {
      onSuccess: (u) => {
        notifications.show({ color: 'green', title: t('form.savedTitle'), message: t('form.saved', { name: unitTitle(u) }) });
        onClose();
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('form.editIntro', { code: unit.code, level: levelLabel(t, unit.level) })}
        </Text>
        <FormError>{update.error?.message}</FormError>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t('fields.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name ? t(errors.name) : null}
            data-autofocus
          />
          <Select
            label={t('fields.kind')}
            required
            value={kind}
            onChange={setKind}
            data={kindsOf(unit.level).includes(unit.kind) ? kindsOf(unit.level) : [unit.kind, ...kindsOf(unit.level)]}
            error={errors.kind ? t(errors.kind) : null}
            allowDeselect={false}
          />
          <DateField
            label={t('fields.validTo')}
            description={t('form.closeHint')}
            clearable
            value={validTo}
            onChange={setValidTo}
            minDate={unit.validFrom}
            error={errors.validTo ? t(errors.validTo) : null}
          />
          <NumberInput
            label={t('fields.population')}
            description={t('form.populationHint')}
            value={population}
            onChange={setPopulation}
            min={1}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator={fmt.lang === 'vi' ? '.' : ','}
            decimalSeparator={fmt.lang === 'vi' ? ',' : '.'}
            error={errors.population ? t(errors.population) : null}
          />
        </SimpleGrid>
        <FormActions onCancel={onClose} loading={update.isPending} mt="sm" />
      </Stack>
    </form>
  );
}
