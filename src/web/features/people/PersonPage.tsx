import { useState } from 'react';
import { Alert, Avatar, Button, Group as Row, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconEye, IconEyeOff, IconInfoCircle } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../shared/people.js';
import { useCurrentUser } from '../../api/auth.js';
import { usePerson, useRevealCccd } from '../../api/people.js';
import { DetailField } from '../../components/DetailField.js';
import { DetailPageGate } from '../../components/DetailPageGate.js';
import { initials, unitTitle } from '../../components/labels.js';
import { PageHeader, type Crumb } from '../../components/PageHeader.js';
import { useFormat } from '../../i18n/useFormat.js';
import { can } from '../auth/access.js';
import { birthLabel, genderLabel } from './personLabels.js';

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
    <DetailPageGate query={person} loadingTitle={t('page.loading')} errorTitle={t('title')} crumbs={crumbs}>
      {(data) => <PersonView person={data} crumbs={crumbs} />}
    </DetailPageGate>
  );
}

function PersonView({ person: p, crumbs }: { person: Person; crumbs: Crumb[] }) {
  const { t } = useTranslation('people');
  const fmt = useFormat();
  const birth = birthLabel(p, fmt.lang);
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
      />
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
      </Stack>
    </>
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
