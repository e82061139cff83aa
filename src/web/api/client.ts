import type { ErrorBody } from '../../shared/errors.js';

/** An error answer of the API, or a network failure (status 0, code NETWORK). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/** Codes that mean "the account must finish something first"; the app routes to the right page. */
export type GuardCode = 'PASSWORD_CHANGE_REQUIRED' | 'TOTP_ENROLLMENT_REQUIRED';

interface Hooks {
  language: () => string;
  onUnauthenticated: () => void;
  onGuard: (code: GuardCode) => void;
  networkMessage: () => string;
}

const hooks: Hooks = {
  language: () => 'vi',
  onUnauthenticated: () => {},
  onGuard: () => {},
  networkMessage: () => 'Network error',
};

/** Wires the client to the app (language, navigation) without importing either. */
export function configureClient(next: Partial<Hooks>): void {
  Object.assign(hooks, next);
}

let csrfToken: string | null = null;

/** The anti-forgery token of the current session, taken from the last session payload. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** Let the caller handle a 401 itself (login, the session probe) instead of leaving for the login page. */
  allowUnauthenticated?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': hooks.language(),
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', hooks.networkMessage());
  }

  if (res.ok) {
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  let text = '';
  try {
    text = await res.text();
  } catch {
    text = '';
  }
  const error = errorFrom(res.status, res.statusText, text);
  afterError(error, !!options.allowUnauthenticated);
  throw error;
}

export interface UploadOptions {
  query?: Query;
  /** The body's media type: `application/json` for a JSON text, the file's own type for a file. */
  contentType: string;
  headers?: Record<string, string>;
  /** Bytes sent so far out of the total, as the browser reports them. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

export const SPREADSHEET_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
} as const;

/** The media type to send a sheet with: the browser's, or the one its extension implies. */
export function spreadsheetType(file: { name: string; type: string }): string {
  if (file.type === SPREADSHEET_TYPES.xlsx || file.type === SPREADSHEET_TYPES.csv) return file.type;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  if (ext === 'xlsx') return SPREADSHEET_TYPES.xlsx;
  if (ext === 'csv') return SPREADSHEET_TYPES.csv;
  return file.type || 'application/octet-stream';
}

/**
 * Sends a large body (a file, a long JSON text) with XMLHttpRequest, which reports upload
 * progress where `fetch` does not. Same headers, errors and hooks as `request`.
 */
export function upload<T>(path: string, body: Blob | ArrayBuffer | string, options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(path, options.query));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', hooks.language());
    xhr.setRequestHeader('Content-Type', options.contentType);
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    for (const [k, v] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(k, v);
    if (options.onProgress) {
      const report = options.onProgress;
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) report(e.loaded, e.total);
      };
    }
    const abort = () => xhr.abort();
    options.signal?.addEventListener('abort', abort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', abort);
    xhr.onabort = () => {
      done();
      reject(new DOMException('The upload was cancelled.', 'AbortError'));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(0, 'NETWORK', hooks.networkMessage()));
    };
    xhr.onload = () => {
      done();
      const text = xhr.responseText;
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve((text ? JSON.parse(text) : undefined) as T);
        } catch {
          reject(new ApiError(xhr.status, 'INTERNAL', xhr.statusText || `HTTP ${xhr.status}`));
        }
        return;
      }
      const error = errorFrom(xhr.status, xhr.statusText, text);
      afterError(error, false);
      reject(error);
    };
    xhr.send(body);
  });
}

/** The error of a non-2xx answer whose body has already been read as text. */
function errorFrom(status: number, statusText: string, text: string): ApiError {
  let body: Partial<ErrorBody> | undefined;
  try {
    body = JSON.parse(text) as Partial<ErrorBody>;
  } catch {
    body = undefined;
  }
  const e = body?.error;
  if (e && typeof e.code === 'string') {
    return new ApiError(status, e.code, typeof e.message === 'string' ? e.message : e.code, e.details);
  }
  return new ApiError(status, status >= 500 ? 'INTERNAL' : 'HTTP_' + status, statusText || `HTTP ${status}`);
}

/** What any failed call tells the app: the session is gone, or a forced step comes first. */
/**
 * Sends a body by POST and saves the file the server answers (an export whose filters must not
 * travel in a URL: URLs are logged and kept in the browser's history). A Blob (a file the user
 * chose) is sent as it is, with its media type; anything else as JSON.
 */
export async function downloadPost(path: string, body: unknown, fallbackName: string, options: { query?: Query; contentType?: string } = {}): Promise<void> {
  const raw = body instanceof Blob;
  const headers: Record<string, string> = {
    'Accept-Language': hooks.language(),
    'Content-Type': raw ? (options.contentType ?? (body.type || 'application/octet-stream')) : 'application/json',
  };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), { method: 'POST', headers, credentials: 'same-origin', body: raw ? body : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', hooks.networkMessage());
  }
  if (!res.ok) {
    const error = errorFrom(res.status, res.statusText, await res.text().catch(() => ''));
    afterError(error, false);
    throw error;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = fileNameOf(res.headers.get('content-disposition')) ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** The file name a Content-Disposition gives: the UTF-8 form (Vietnamese names) before the plain one. */
function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed name: the plain one, if any.
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? null;
}

function afterError(error: ApiError, allowUnauthenticated: boolean): void {
  if (error.status === 401 && error.code === 'UNAUTHENTICATED' && !allowUnauthenticated) {
    hooks.onUnauthenticated();
  }
  if (error.status === 403 && (error.code === 'PASSWORD_CHANGE_REQUIRED' || error.code === 'TOTP_ENROLLMENT_REQUIRED')) {
    hooks.onGuard(error.code);
  }
}

export const api = {
  get: <T>(path: string, query?: Query, options?: Omit<RequestOptions, 'method' | 'query'>) =>
    request<T>(path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PATCH', body }),
  delete: <T = void>(path: string) => request<T>(path, { method: 'DELETE' }),
};
