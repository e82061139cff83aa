import { useTranslation } from 'react-i18next';
import type { GroupSheetResult } from '../../../../shared/groups.js';
import { ImportStats } from '../../../components/SheetImport.js';
import { useFormat } from '../../../i18n/useFormat.js';

/** New and known groups, people and memberships, and the errors: one card each. */
export function ImportCounts({ result }: { result: GroupSheetResult }) {
  const { t } = useTranslation('groups');
  const fmt = useFormat();
  const known = (c: { update: number; unchanged: number }) =>
    c.update > 0 ? t('import.count.updatedAndUnchanged', { u: fmt.number(c.update), n: fmt.number(c.unchanged) }) : t('import.count.unchanged', { n: fmt.number(c.unchanged) });
  return (
    <ImportStats
      items={[
        { label: t('import.count.total'), value: result.total, color: 'dark' },
        { label: t('import.count.groups'), value: result.groups.create, color: 'green', hint: known(result.groups) },
        { label: t('import.count.people'), value: result.people.create, color: 'blue', hint: known(result.people) },
        { label: t('import.count.memberships'), value: result.memberships.create, color: 'teal', hint: known(result.memberships) },
        { label: t('import.count.errors'), value: result.errorCount, color: 'red' },
      ]}
    />
  );
}
