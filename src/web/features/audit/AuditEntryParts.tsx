import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared/audit.js';
import { actionColor, actionKey, entityTypeKey } from './actions.js';

export function ActionBadge({ action }: { action: string }) {
  const { t } = useTranslation('audit');
  return (
    <Badge variant="light" color={actionColor(action)} style={{ textTransform: 'none' }} maw="100%">
      {t(actionKey(action), { defaultValue: action })}
    </Badge>
  );
}

export function ActorCell({ actor }: { actor: AuditEntry['actor'] }) {
  const { t } = useTranslation('audit');
  if (!actor) {
    return (
      <Text size="sm" c="dimmed" fs="italic">
        {t('system')}
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500}>
        {actor.fullName}
      </Text>
      <Text size="xs" c="dimmed" className="tq-mono">
        {actor.username}
      </Text>
    </Stack>
  );
}

export function EntityCell({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('audit');
  const name = entityName(entry);
  return (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Text size="sm">{t(entityTypeKey(entry.entityType), { defaultValue: entry.entityType })}</Text>
      {name ? (
        <Text size="xs" c="dimmed" truncate>
          {name}
        </Text>
      ) : (
        entry.entityId && (
          <Text size="xs" c="dimmed" className="tq-mono" truncate title={entry.entityId}>
            {entry.entityId.slice(0, 8)}…
          </Text>
        )
      )}
    </Stack>
  );
}

/** A readable name for what the entry is about, taken from its own snapshot. */
function entityName(entry: AuditEntry): string | null {
  for (const snap of [entry.after, entry.before]) {
    if (snap && typeof snap === 'object' && !Array.isArray(snap)) {
      const s = snap as Record<string, unknown>;
      if (typeof s.fullName === 'string') return typeof s.username === 'string' ? `${s.fullName} (${s.username})` : s.fullName;
      if (typeof s.name === 'string') return typeof s.code === 'string' ? `${s.name} (${s.code})` : s.name;
      if (typeof s.username === 'string') return s.username;
      if (typeof s.role === 'string' && entry.entityType === 'role') return s.role;
    }
  }
  if (entry.actor && entry.entityId === entry.actor.id) return `${entry.actor.fullName} (${entry.actor.username})`;
  return null;
}
