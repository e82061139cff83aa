import type { ReactNode } from 'react';
import { Paper } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { isApiError, type ApiError } from '../api/client.js';
import { NotFoundPage } from './NotFoundPage.js';
import { PageHeader, type Crumb } from './PageHeader.js';
import { ErrorAlert, LoadingRows } from './QueryStates.js';

/**
 * The page of one record: a header and grey rows while it loads, the 404 page when there is no
 * such record, the error with a retry when loading failed, and otherwise the record itself.
 */
export function DetailPageGate<T>({
  query,
  loadingTitle,
  errorTitle,
  crumbs,
  notFoundStatuses = [404, 400],
  notFound,
  children,
}: {
  query: UseQueryResult<T>;
  loadingTitle: string;
  errorTitle: string;
  crumbs: Crumb[];
  /** Answers that mean the record is not there (a malformed id is as good as a missing one). */
  notFoundStatuses?: readonly number[];
  /** A page of its own for some of those answers (a record merged into another); null: the usual 404 page. */
  notFound?: (error: ApiError) => ReactNode | null;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <>
        <PageHeader title={loadingTitle} crumbs={crumbs} />
        <Paper withBorder p="lg">
          <LoadingRows rows={4} />
        </Paper>
      </>
    );
  }
  if (query.error) {
    if (isApiError(query.error) && notFoundStatuses.includes(query.error.status)) return notFound?.(query.error) ?? <NotFoundPage />;
    return (
      <>
        <PageHeader title={errorTitle} crumbs={crumbs} />
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  return <>{children(query.data)}</>;
}
