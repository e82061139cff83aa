import { ActionIcon, Menu } from '@mantine/core';
import { IconArrowsExchange, IconDots, IconEdit, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Unit } from '../../../shared/units.js';
import { unitTitle } from '../../components/labels.js';

/** Edit and delete, for those who may change units; a village can also move to another commune. */
export function UnitRowMenu({
  unit,
  onEdit,
  onDelete,
  onMove,
}: {
  unit: Unit;
  onEdit: (u: Unit) => void;
  onDelete: (u: Unit) => void;
  onMove?: (u: Unit) => void;
}) {
  const { t } = useTranslation('units');
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t('actions.more', { name: unitTitle(unit) })}
          onClick={(e) => e.stopPropagation()}
        >
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown onClick={(e) => e.stopPropagation()}>
        <Menu.Item leftSection={<IconEdit size={16} />} onClick={() => onEdit(unit)}>
          {t('actions.edit')}
        </Menu.Item>
        {onMove && unit.level === 'village' && !unit.validTo && (
          <Menu.Item leftSection={<IconArrowsExchange size={16} />} onClick={() => onMove(unit)}>
            {t('actions.move')}
          </Menu.Item>
        )}
        <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={() => onDelete(unit)}>
          {t('actions.delete')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
