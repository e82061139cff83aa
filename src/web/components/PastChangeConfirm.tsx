import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PAST_CENSUS_CHANGE, pastChangeDetails, type PastChangeDetails } from '../../shared/errors.js';
import { isApiError } from '../api/client.js';
import { PastCensusChanges } from './PastCensusChanges.js';

/** The censuses a refused write (409 PAST_CENSUS_CHANGE) would change; null for any other outcome. */
export function pastChangesOf(error: unknown): PastChangeDetails | null {
  if (!isApiError(error, PAST_CENSUS_CHANGE)) return null;
  const parsed = pastChangeDetails.safeParse(error.details);
  return parsed.success ? parsed.data : null;
}

interface Mutation<B, O> {
  mutate: (body: B, options?: O) => void;
  error: unknown;
  reset: () => void;
}

/**
 * A write the server may refuse because it changes past censuses: `mutate` as usual; when it is
 * refused, `past` holds the changes and `confirm` sends the same request again, confirmed.
 */
export function usePastConfirm<B extends object, O>(mutation: Mutation<B, O>) {
  const last = useRef<{ body: B; options?: O } | null>(null);
  const [past, setPast] = useState<PastChangeDetails | null>(null);
  useEffect(() => {
    const asked = pastChangesOf(mutation.error);
    if (asked) setPast(asked);
    else if (mutation.error) setPast(null);
  }, [mutation.error]);
  return {
    past,
    mutate(body: B, options?: O) {
      last.current = { body, options };
      mutation.mutate(body, options);
    },
    confirm() {
      if (last.current) mutation.mutate({ ...last.current.body, confirmPastChange: true }, last.current.options);
    },
    back() {
      setPast(null);
      mutation.reset();
    },
    /** The error to show in the form: any but the question about the past. */
    formError: pastChangesOf(mutation.error) ? null : ((mutation.error as Error | null)?.message ?? null),
  };
}

/** The question a form asks in place of its fields: these censuses change, go back or confirm. */
export function PastChangeConfirm({ past, loading, onConfirm, onBack }: { past: PastChangeDetails; loading: boolean; onConfirm: () => void; onBack: () => void }) {
  const { t } = useTranslation('pastChanges');
  return (
    <Stack gap="md" data-testid="past-change-confirm">
      <Alert color="orange" variant="light" icon={<IconHistory size={18} />} title={t('title')} role="alert">
        <Text size="sm">{t('intro')}</Text>
      </Alert>
      <PastCensusChanges changes={past.pastChanges} count={past.pastChangeCount} />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onBack}>
          {t('back')}
        </Button>
        <Button color="orange" loading={loading} onClick={onConfirm} data-autofocus>
          {t('confirm')}
        </Button>
      </Group>
    </Stack>
  );
}
