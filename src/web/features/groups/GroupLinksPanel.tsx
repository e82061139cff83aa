import { useMemo, useState, type FormEvent } from 'react';
import { ActionIcon, Anchor, Button, Group as Row, Loader, Modal, Paper, Select, SimpleGrid, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconLink, IconTrash } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Group, GroupLink } from '../../../shared/groups.js';
import { useAddGroupLink, useGroupLinks, useGroups, useRemoveGroupLink } from '../../api/groups.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { DateField } from '../../components/DateField.js';
import { DetailLabel } from '../../components/DetailField.js';
import { FormActions, FormError } from '../../components/FormDialog.js';
import { ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useFormat } from '../../i18n/useFormat.js';
import { useIsPhone } from '../../lib/useIsPhone.js';
import { areaLine } from './GroupList.js';

type Section = 'linked' | 'replicatedFrom' | 'replicatedTo';

function sectionOf(l: GroupLink): Section {
  if (l.kind === 'linked') return 'linked';
  return l.direction === 'outgoing' ? 'replicatedFrom' : 'replicatedTo';
}

/** Groups this one works with (xâu chuỗi, lồng ghép), replicated, or was replicated by. */
export function GroupLinksPanel({ group, canWrite }: { group: Group; canWrite: boolean }) {
  const { t } = useTranslation('groups');
  const links = useGroupLinks(group.id);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<GroupLink | null>(null);
  const remove = useRemoveGroupLink(group.id);
  const isPhone = useIsPhone();

  const sections = useMemo(() => {
    const out: Record<Section, GroupLink[]> = { linked: [], replicatedFrom: [], replicatedTo: [] };
    for (const l of links.data ?? []) out[sectionOf(l)].push(l);
    return out;
  }, [links.data]);

  return (
    <Paper withBorder p="md" component="section" aria-label={t('links.title')}>
      <Row justify="space-between" align="flex-start" mb="sm" gap="sm">
        <Title order={3} fz="lg">
          {t('links.title')}
        </Title>
        {canWrite && (
          <Button variant="light" leftSection={<IconLink size={16} />} onClick={() => setAdding(true)}>
            {t('links.add')}
          </Button>
        )}
      </Row>
      {links.isPending ? (
        <LoadingRows rows={2} />
      ) : links.error ? (
        <ErrorAlert error={links.error} onRetry={() => void links.refetch()} />
      ) : links.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('links.empty')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          {(['linked', 'replicatedFrom', 'replicatedTo'] as const).map((s) => (
            <Stack key={s} gap={6} aria-label={t(`links.sections.${s}`)} role="group">
              <DetailLabel>{t(`links.sections.${s}`)}</DetailLabel>
              {sections[s].length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('links.none')}
                </Text>
              ) : (
                sections[s].map((l) => (
                  <LinkItem key={l.id} link={l} canRemove={canWrite && l.direction === 'outgoing'} onRemove={() => setRemoving(l)} />
                ))
              )}
            </Stack>
          ))}
        </SimpleGrid>
      )}
      <Modal opened={adding} onClose={() => setAdding(false)} title={t('links.add')} size="lg" fullScreen={isPhone}>
        {adding && <LinkForm group={group} onClose={() => setAdding(false)} />}
      </Modal>
      <ConfirmDialog
        opened={!!removing}
        title={t('links.removeTitle')}
        message={removing ? t('links.removeText', { name: otherName(removing, t) }) : ''}
        confirmLabel={t('links.remove')}
        danger
        loading={remove.isPending}
        error={remove.error?.message}
        onConfirm={() =>
          removing &&
          remove.mutate(removing, {
            onSuccess: () => {
              notifications.show({ color: 'green', title: t('links.removedTitle'), message: t('links.removed', { name: otherName(removing, t) }) });
              setRemoving(null);
            },
          })
        }
        onClose={() => {
          remove.reset();
          setRemoving(null);
        }}
      />
    </Paper>
  );
}

/** The other group's name, or "a group in another area" when it lies outside the user's scope. */
function otherName(link: GroupLink, t: (key: string) => string): string {
  return link.other?.name ?? t('links.elsewhere');
}

function LinkItem({ link, canRemove, onRemove }: { link: GroupLink; canRemove: boolean; onRemove: () => void }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  return (
    <Paper withBorder p="xs" radius="sm">
      <Row justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Stack gap={0} style={{ minWidth: 0 }}>
          {link.other ? (
            <Anchor fw={600} size="sm" renderRoot={(props) => <Link {...props} to="/groups/$id" params={{ id: link.other!.id }} />}>
              {link.other.name}
            </Anchor>
          ) : (
            <Text fw={600} size="sm" c="dimmed" fs="italic">
              {t('links.elsewhere')}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {[link.other?.typeName, link.since ? t('links.since', { date: fmt.date(link.since) }) : null].filter(Boolean).join(' · ')}
          </Text>
          {link.notes && (
            <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
              {link.notes}
            </Text>
          )}
        </Stack>
        {canRemove && (
          <Tooltip label={t('links.remove')}>
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('links.removeFor', { name: otherName(link, t) })}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Row>
    </Paper>
  );
}

function LinkForm({ group, onClose }: { group: Group; onClose: () => void }) {
  const { t } = useTranslation('groups');
  const add = useAddGroupLink(group.id);
  const [other, setOther] = useState<Group | null>(null);
  const [kind, setKind] = useState<GroupLink['kind']>('linked');
  const [since, setSince] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<{ other?: string; notes?: string }>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: typeof errors = {};
    if (!other) errs.other = t('links.errors.group');
    if (notes.trim().length > 500) errs.notes = t('form.errors.tooLong');
    setErrors(errs);
    if (!other || errs.notes) return;
    add.mutate(
      { otherGroupId: other.id, kind, since, notes: notes.trim() || null },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: t('links.doneTitle'), message: t('links.done', { name: other.name }) });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <FormError>{add.error?.message}</FormError>
        <GroupPicker exclude={group.id} value={other} onChange={setOther} error={errors.other} />
        <Select
          label={t('links.kind')}
          required
          value={kind}
          onChange={(v) => v && setKind(v as GroupLink['kind'])}
          data={[
            { value: 'linked', label: t('links.kinds.linked') },
            { value: 'replicated_from', label: t('links.kinds.replicated_from') },
          ]}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        <DateField label={t('links.sinceLabel')} clearable value={since} onChange={setSince} w={220} />
        <Textarea label={t('fields.notes')} autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} error={errors.notes} />
        <FormActions onCancel={onClose} loading={add.isPending} submitLabel={t('links.submit')} mt="sm" />
      </Stack>
    </form>
  );
}

/** Picks another group by typing part of its name (diacritics optional). */
function GroupPicker({ exclude, value, onChange, error }: { exclude: string; value: Group | null; onChange: (g: Group | null) => void; error?: string }) {
  const { t } = useTranslation('groups');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const query = value && debounced === value.name ? '' : debounced;
  const groups = useGroups({ q: query, pageSize: 20 }, { enabled: !!query });
  const items = (query ? (groups.data?.items ?? []) : []).filter((g) => g.id !== exclude);
  const known = new Map(items.map((g) => [g.id, g]));
  if (value) known.set(value.id, value);
  const data = [...known.values()].map((g) => ({ value: g.id, label: g.name }));
  const searching = groups.isFetching && !!query;

  return (
    <Select
      label={t('links.group')}
      placeholder={t('links.groupPlaceholder')}
      required
      searchable
      clearable
      value={value?.id ?? null}
      data={data}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={!search.trim() ? t('links.typeToSearch') : searching ? t('links.searching') : t('links.nothing')}
      rightSection={searching ? <Loader size={14} /> : undefined}
      error={error}
      comboboxProps={{ withinPortal: true }}
      onChange={(id) => onChange(id ? (known.get(id) ?? null) : null)}
      renderOption={({ option }) => {
        const g = known.get(option.value);
        const area = g ? areaLine(g) : null;
        return (
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} truncate>
              {option.label}
            </Text>
            {g && (
              <Text size="xs" c="dimmed" truncate>
                {[g.type.name, area?.name, area?.parent].filter(Boolean).join(' · ')}
              </Text>
            )}
          </Stack>
        );
      }}
    />
  );
}
