import { useState, type FormEvent } from 'react';
import { Alert, Button, Divider, Group as Row, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconUserCheck } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Group } from '../../../shared/groups.js';
import type { MemberRole, Person } from '../../../shared/people.js';
import { isApiError } from '../../api/client.js';
import { useAddMember } from '../../api/groups.js';
import { useCreatePerson, useLoadPerson } from '../../api/people.js';
import { DateField } from '../../components/DateField.js';
import { FormActions } from '../../components/FormDialog.js';
import { PastChangeConfirm, usePastConfirm } from '../../components/PastChangeConfirm.js';
import { todayIso } from '../../i18n/format.js';
import { useFormat } from '../../i18n/useFormat.js';
import { PersonFormFields } from '../people/PersonFormFields.js';
import { emptyPersonForm, validatePerson, type PersonFormErrors } from '../people/personForm.js';
import { personLine } from '../people/personLabels.js';
import { PersonSearch } from '../people/PersonSearch.js';
import { memberRoleLabel, memberRoleList } from './memberRoles.js';
import { GroupDialog } from './GroupDialog.js';

const route = getRouteApi('/_app/groups/$id/members/new');

/** The routed dialog at /groups/$id/members/new: a person on record or a new one, a role, a date. */
export function MemberAddDialog() {
  const { t } = useTranslation('groups');
  const { id } = route.useParams();
  const search = route.useSearch();
  return (
    <GroupDialog id={id} date={search.date} title={t('memberAdd.title')} size="xl">
      {(group, close) => <MemberForm group={group} onDone={close} />}
    </GroupDialog>
  );
}

type Mode = 'existing' | 'new';

function MemberForm({ group, onDone }: { group: Group; onDone: () => void }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const navigate = useNavigate();
  const createPerson = useCreatePerson();
  const loadPerson = useLoadPerson();
  const addMember = useAddMember(group.id);
  const write = usePastConfirm(addMember);
  const [mode, setMode] = useState<Mode>('existing');
  const [picked, setPicked] = useState<Person | null>(null);
  const [person, setPerson] = useState(() => emptyPersonForm(group.area?.id ?? null));
  const [personErrors, setPersonErrors] = useState<PersonFormErrors>({});
  const [role, setRole] = useState<MemberRole>('member');
  const [from, setFrom] = useState<string | null>(todayIso());
  const [errors, setErrors] = useState<{ person?: string; from?: string }>({});
  const [takenBy, setTakenBy] = useState<string | null>(null);
  const [loadingTaken, setLoadingTaken] = useState(false);

  const pick = (p: Person) => {
    setPicked(p);
    setMode('existing');
    setTakenBy(null);
    setErrors((e) => ({ ...e, person: undefined }));
  };

  const adoptTaken = async () => {
    if (!takenBy) return;
    setLoadingTaken(true);
    try {
      pick(await loadPerson(takenBy));
      createPerson.reset();
    } catch (e) {
      setErrors((x) => ({ ...x, person: e instanceof Error ? e.message : String(e) }));
    } finally {
      setLoadingTaken(false);
    }
  };

  const join = (p: Person, date: string) =>
    write.mutate(
      { personId: p.id, role, from: date },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: t('memberAdd.doneTitle'),
            message: t('memberAdd.done', { name: p.fullName, role: memberRoleLabel(t, role), date: fmt.date(date) }),
          });
          onDone();
        },
      },
    );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!from) errs.from = t('memberAdd.errors.from');
    else if (from < group.foundedOn) errs.from = t('memberAdd.errors.beforeFounding', { date: fmt.date(group.foundedOn) });
    if (mode === 'existing' && !picked) errs.person = t('memberAdd.errors.person');
    let body = null;
    if (mode === 'new') {
      const checked = validatePerson(person);
      if ('errors' in checked) setPersonErrors(checked.errors);
      else {
        setPersonErrors({});
        body = checked.body;
      }
    }
    setErrors(errs);
    if (!from || errs.from || errs.person || (mode === 'new' && !body)) return;
    if (mode === 'existing' && picked) return join(picked, from);
    setTakenBy(null);
    createPerson.mutate(body!, {
      onSuccess: (created) => {
        // From now on the person is on record: a second try adds the same record.
        setPicked(created);
        setMode('existing');
        join(created, from);
      },
      onError: (error) => {
        if (isApiError(error, 'CCCD_TAKEN')) {
          const details = error.details as { personId?: string } | undefined;
          setTakenBy(details?.personId ?? null);
        }
      },
    });
  };

  const serverError = write.formError ?? createPerson.error?.message;

  if (write.past) return <PastChangeConfirm past={write.past} loading={addMember.isPending} onConfirm={write.confirm} onBack={write.back} />;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as Mode)}
          data={[
            { value: 'existing', label: t('memberAdd.existing') },
            { value: 'new', label: t('memberAdd.new') },
          ]}
          fullWidth
        />
        {mode === 'existing' ? (
          picked ? (
            <Paper withBorder p="sm" bg="brand.0">
              <Row justify="space-between" wrap="nowrap" gap="sm">
                <Row gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                  <IconUserCheck size={22} color="var(--mantine-color-brand-7)" />
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text fw={600}>{picked.fullName}</Text>
                    <Text size="xs" c="dimmed">
                      {personLine(t, picked, fmt.lang)}
                    </Text>
                  </Stack>
                </Row>
                <Button variant="subtle" size="compact-sm" onClick={() => setPicked(null)}>
                  {t('memberAdd.change')}
                </Button>
              </Row>
            </Paper>
          ) : (
            <PersonSearch onPick={pick} />
          )
        ) : (
          <PersonFormFields values={person} onChange={setPerson} errors={personErrors} />
        )}
        {errors.person && (
          <Text size="sm" c="red" role="alert">
            {errors.person}
          </Text>
        )}
        {serverError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            <Stack gap="xs" align="flex-start">
              <span>{serverError}</span>
              {takenBy && mode === 'new' && (
                <Button size="xs" variant="white" color="red" loading={loadingTaken} onClick={() => void adoptTaken()}>
                  {t('memberAdd.useExisting')}
                </Button>
              )}
              {mode === 'new' && isApiError(createPerson.error, 'CCCD_HELD_ELSEWHERE') && (
                <Button size="xs" variant="white" color="red" onClick={() => void navigate({ to: '/groups/$id/requests/new', params: { id: group.id }, search: (s) => s })}>
                  {t('requests.action')}
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        <Divider label={t('memberAdd.membership')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
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
        <FormActions onCancel={onDone} loading={createPerson.isPending || addMember.isPending} submitLabel={t('memberAdd.submit')} mt="sm" />
      </Stack>
    </form>
  );
}
