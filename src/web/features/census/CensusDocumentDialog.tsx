import { useState, type FormEvent } from 'react';
import { Button, Modal, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconFileTypeDocx } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_ISSUER, DEFAULT_SIGNER_TITLE, placeName } from '../../../shared/census-report.js';
import type { Unit } from '../../../shared/units.js';
import { withQuery } from '../../api/client.js';
import { DateField } from '../../components/DateField.js';
import { FormActions, FormError } from '../../components/FormDialog.js';
import { todayIso } from '../../i18n/format.js';
import { useIsPhone } from '../../lib/useIsPhone.js';

interface Props {
  /** The census shown: the area's code (none: the whole country) and its month or day. */
  unitCode: string | undefined;
  date: string;
  /** The day whose administrative units the census is counted in, when not its own. */
  boundaries?: string;
  /** Called once the report is downloaded (it is then recorded as exported). */
  onDownloaded?: () => void;
  /** The area, once known: its name gives the place the report is dated at. */
  area: Unit | null;
  /** "Tỉnh Ninh Thuận, tháng 4-2018": what the report covers. */
  label: string;
  /** The census itself was refused or not found: its report would be too. */
  disabled?: boolean;
}

/** "Tải báo cáo (.docx)": asks for the report's header (number, place, date, issuer, signer), then downloads it. */
export function CensusDocumentButton(props: Props) {
  const { t } = useTranslation('census');
  const [opened, setOpened] = useState(false);
  const isPhone = useIsPhone();
  return (
    <>
      <Button variant="default" leftSection={<IconFileTypeDocx size={16} />} disabled={props.disabled} onClick={() => setOpened(true)}>
        {t('document.action')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('document.title')} size="lg" fullScreen={isPhone}>
        {opened && <DocumentForm {...props} onClose={() => setOpened(false)} />}
      </Modal>
    </>
  );
}

interface Fields {
  number: string;
  place: string;
  signedOn: string | null;
  issuer: string;
  signerTitle: string;
  signer: string;
}

/** The name in the server's answer, `attachment; filename="…"`. */
const fileName = (disposition: string | null) => /filename="([^"]+)"/.exec(disposition ?? '')?.[1] ?? 'bao-cao.docx';

function DocumentForm({ unitCode, date, boundaries, area, label, onClose, onDownloaded }: Props & { onClose: () => void }) {
  const { t, i18n } = useTranslation('census');
  const [fields, setFields] = useState<Fields>(() => ({
    number: '',
    // A village's report is the commune's: the server dates it there.
    place: area?.level === 'village' ? '' : placeName(area),
    signedOn: todayIso(),
    issuer: DEFAULT_ISSUER,
    signerTitle: DEFAULT_SIGNER_TITLE,
    signer: '',
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<Fields>) => setFields((f) => ({ ...f, ...patch }));
  const text = (key: keyof Fields) => ({
    value: fields[key] ?? '',
    onChange: (e: { currentTarget: { value: string } }) => set({ [key]: e.currentTarget.value }),
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // One line each: the issuer's box may hold line breaks.
      const line = (v: string) => v.replace(/\s+/g, ' ').trim();
      const url = withQuery('/api/census/document', {
        unit: unitCode,
        date,
        boundaries,
        number: line(fields.number),
        place: line(fields.place),
        signedOn: fields.signedOn ?? undefined,
        issuer: line(fields.issuer),
        signerTitle: line(fields.signerTitle),
        signer: line(fields.signer),
      });
      const res = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': i18n.language } });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? t('document.failed'));
        return;
      }
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await res.blob());
      link.download = fileName(res.headers.get('content-disposition'));
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      onDownloaded?.();
      onClose();
    } catch {
      setError(t('document.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('document.explain', { what: label })}
        </Text>
        <FormError>{error}</FormError>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
          <TextInput label={t('document.number')} description={t('document.numberHint')} maxLength={10} {...text('number')} />
          <TextInput label={t('document.place')} description={t('document.placeHint')} maxLength={60} {...text('place')} />
          <DateField label={t('document.signedOn')} value={fields.signedOn} onChange={(v) => set({ signedOn: v })} />
          <TextInput label={t('document.signerTitle')} maxLength={80} {...text('signerTitle')} />
        </SimpleGrid>
        <Textarea label={t('document.issuer')} autosize minRows={2} maxRows={4} maxLength={250} {...text('issuer')} />
        <TextInput label={t('document.signer')} description={t('document.signerHint')} maxLength={80} {...text('signer')} />
        <FormActions onCancel={onClose} loading={busy} submitLabel={t('document.download')} mt="xs" />
      </Stack>
    </form>
  );
}
