import type { ReactNode } from 'react';
import { Badge, Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { IconArrowMergeRight, IconArrowsSplit, IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { UnitHistory } from '../../../shared/units.js';
import { DetailLabel } from '../../components/DetailField.js';
import { ErrorAlert, LoadingRows } from '../../components/QueryStates.js';
import { useFormat } from '../../i18n/useFormat.js';
import { UnitAnchor } from './UnitAnchor.js';
import { useValidityText } from './UnitValidity.js';

type Linked = UnitHistory['formedFrom'][number];

/** "toàn bộ" or "một phần": did the whole old unit go into the new one, or part of it. */
export function ShareBadge({ share }: { share: 'full' | 'partial' }) {
  const { t } = useTranslation('units');
  return (
    <Badge size="sm" variant="light" color={share === 'full' ? 'teal' : 'orange'} style={{ flexShrink: 0 }}>
      {t(share === 'full' ? 'history.full' : 'history.partial')}
    </Badge>
  );
}

function UnitLink({ id, name, current }: { id: string; name: string; current?: boolean }) {
  return current ? (
    <Text component="span" fw={700} size="sm">
      {name}
    </Text>
  ) : (
    <UnitAnchor id={id} fw={600} size="sm">
      {name}
    </UnitAnchor>
  );
}

/** Linked units grouped by the date the change took effect. */
function LinkedList({ items, empty }: { items: Linked[]; empty: string }) {
  const { t } = useTranslation('units');
  const fmt = useFormat();
  const validity = useValidityText();
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  const byDate = new Map<string, Linked[]>();
  for (const l of items) byDate.set(l.effectiveDate, [...(byDate.get(l.effectiveDate) ?? []), l]);
  return (
    <Stack gap="sm">
      {[...byDate.entries()].map(([date, links]) => (
        <Stack key={date} gap={6}>
          <DetailLabel>{t('history.effective', { date: fmt.date(date) })}</DetailLabel>
          {links.map((l) => (
            <Paper key={l.id} withBorder p="xs" radius="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <UnitLink id={l.id} name={l.name} />
                  <Text size="xs" c="dimmed">
                    {t('fields.code')} <span className="tq-mono">{l.code}</span> · {validity(l)}
                  </Text>
                  {l.rename && (
                    <Text size="xs">
                      {[t('history.renameReason', { reason: l.rename.reason }), l.rename.decisionNumber ? t('history.renameDecision', { number: l.rename.decisionNumber }) : null]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  )}
                </Stack>
                {l.rename ? (
                  <Badge size="sm" variant="light" color="blue" style={{ flexShrink: 0 }}>
                    {t('history.renamed')}
                  </Badge>
                ) : (
                  <ShareBadge share={l.share} />
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

function Section({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" style={{ minWidth: 0 }} role="group" aria-label={title}>
      <Group gap="xs" wrap="nowrap">
        <ThemeIcon size={28} radius="md" variant="light" color="brand">
          {icon}
        </ThemeIcon>
        <Title order={4} fz="md">
          {title}
        </Title>
      </Group>
      {children}
    </Stack>
  );
}

/**
 * A unit through time: its periods under this code (a code can be reused by another unit
 * after a reform), what it was formed from, and what it went into.
 */
export function UnitHistoryPanel({
  unitId,
  history,
  error,
  onRetry,
}: {
  unitId: string;
  history: UnitHistory | undefined;
  error: unknown;
  onRetry: () => void;
}) {
  const { t } = useTranslation('units');
  const validity = useValidityText();

  let body: ReactNode;
  let hasLinks = false;
  if (error) body = <ErrorAlert error={error} onRetry={onRetry} />;
  else if (!history) body = <LoadingRows rows={4} />;
  else {
    const periods = [...history.sameCode].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    const active = periods.findIndex((p) => p.id === unitId);
    const ended = history.unit.validTo !== null;
    hasLinks = history.formedFrom.length + history.wentInto.length > 0;
    body = (
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="xl" verticalSpacing="lg">
        <Section icon={<IconHistory size={16} />} title={t('history.periods', { code: history.unit.code })}>
          <Timeline active={active} bulletSize={16} lineWidth={2}>
            {periods.map((p) => (
              <Timeline.Item
                key={p.id}
                title={
                  <Group gap={6}>
                    <UnitLink id={p.id} name={p.name} current={p.id === unitId} />
                    {p.id === unitId && (
                      <Badge size="xs" variant="filled">
                        {t('history.viewing')}
                      </Badge>
                    )}
                  </Group>
                }
              >
                <Text size="sm">{validity(p)}</Text>
                <Text size="xs" c="dimmed">
                  {p.parentName ? t('history.under', { kind: p.kind, parent: p.parentName }) : p.kind}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
          {periods.length > 1 && (
            <Text size="xs" c="dimmed">
              {t('history.codeReused')}
            </Text>
          )}
        </Section>
        <Section icon={<IconArrowMergeRight size={16} />} title={t('history.formedFrom')}>
          <LinkedList items={history.formedFrom} empty={t('history.formedFromNone')} />
        </Section>
        <Section icon={<IconArrowsSplit size={16} />} title={t('history.wentInto')}>
          <LinkedList
            items={history.wentInto}
            empty={
              !ended
                ? t('history.wentIntoNone')
                : history.unit.level === 'district'
                  ? t('history.districtEnded')
                  : t('history.wentIntoUnknown')
            }
          />
        </Section>
      </SimpleGrid>
    );
  }

  return (
    <Paper withBorder p="md" component="section" aria-label={t('history.title')}>
      <Group justify="space-between" mb="md" gap="xs">
        <Title order={3} fz="lg">
          {t('history.title')}
        </Title>
        {hasLinks && (
          <Group gap={6}>
            <ShareBadge share="full" />
            <Text size="xs" c="dimmed">
              {t('history.fullHint')}
            </Text>
            <ShareBadge share="partial" />
            <Text size="xs" c="dimmed">
              {t('history.partialHint')}
            </Text>
          </Group>
        )}
      </Group>
      {body}
    </Paper>
  );
}
