import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import { IconBuildingCommunity } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/units.js';

/**
 * Where the browser stands: the top (the country, or the user's own area), then the path down.
 * Units above the user's scope are shown but cannot be opened.
 */
export function UnitBreadcrumb({
  current,
  scopeId,
  onGo,
}: {
  current: Unit | null;
  scopeId: string | null;
  onGo: (id: string | undefined) => void;
}) {
  const { t } = useTranslation('units');
  const path = current?.path ?? [];
  const scopeIndex = scopeId ? path.findIndex((p) => p.id === scopeId) : 0;
  const top = scopeId ? t('browser.myArea') : t('browser.country');

  return (
    <Breadcrumbs separatorMargin={6} aria-label={t('browser.path')} style={{ flexWrap: 'wrap', rowGap: 4 }}>
      {current ? (
        <Anchor component="button" type="button" size="sm" onClick={() => onGo(undefined)}>
          <IconBuildingCommunity size={14} style={{ verticalAlign: -2, marginRight: 4 }} />
          {top}
        </Anchor>
      ) : (
        <Text size="sm" fw={600}>
          <IconBuildingCommunity size={14} style={{ verticalAlign: -2, marginRight: 4 }} />
          {top}
        </Text>
      )}
      {path.map((p, i) => {
        const last = i === path.length - 1;
        const reachable = scopeIndex !== -1 && i >= scopeIndex;
        return last || !reachable ? (
          <Text key={p.id} size="sm" fw={last ? 600 : 400} c={last ? undefined : 'dimmed'} aria-current={last ? 'location' : undefined}>
            {p.name}
          </Text>
        ) : (
          <Anchor key={p.id} component="button" type="button" size="sm" onClick={() => onGo(p.id)}>
            {p.name}
          </Anchor>
        );
      })}
    </Breadcrumbs>
  );
}
