import type { FastifyServerOptions } from 'fastify';

/** Twelve digits standing alone: the shape of a citizen ID number (CCCD). */
const TWELVE_DIGITS = /(?<!\d)\d{12}(?!\d)/g;
/** `cccd=` in a query string, whatever its value looks like (spaces, dots, part of a number). */
const CCCD_PARAM = /([?&]cccd=)([^&#]*)/gi;

const masked = (digits: string) => `••••••••${digits.slice(-4)}`;

/** A text as the log may keep it: every twelve-digit run masked. */
export function redactText(text: string): string {
  return text.replace(TWELVE_DIGITS, masked);
}

/** A URL as the log may keep it: the `cccd` parameter and any twelve-digit run masked. */
export function redactUrl(url: string): string {
  return redactText(url.replace(CCCD_PARAM, (_, key: string, value: string) => `${key}${value ? masked(decode(value).replace(/\D/g, '')) || '••••' : ''}`));
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

type LoggerOptions = Exclude<NonNullable<FastifyServerOptions['logger']>, boolean>;

/**
 * The logger's options with redaction added, whatever the caller asked for: the request line
 * (Fastify's own serializer, with the URL redacted), error messages and stacks, and every text
 * logged as a message (a 404 names the URL) lose citizen ID numbers before they are written.
 * CCCD searches go in request bodies (never logged); this catches whatever comes another way.
 */
export function redactingLogger(options: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!options) return false;
  const given: LoggerOptions = options === true ? {} : (options as LoggerOptions);
  const serializers = (given as { serializers?: Record<string, (v: unknown) => unknown> }).serializers ?? {};
  return {
    ...given,
    serializers: {
      ...serializers,
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
      err: (err: Error & Record<string, unknown>) => {
        const out: Record<string, unknown> = { type: err?.constructor?.name ?? 'Error' };
        for (const [k, v] of Object.entries(err ?? {})) out[k] = typeof v === 'string' ? redactText(v) : v;
        out.message = redactText(String(err?.message ?? ''));
        if (err?.stack) out.stack = redactText(err.stack);
        return out;
      },
    },
    hooks: {
      logMethod(args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)));
      },
    },
  } as unknown as LoggerOptions;
}
