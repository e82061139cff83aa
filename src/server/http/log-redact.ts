import type { FastifyServerOptions } from 'fastify';

/**
 * Twelve digits standing alone, perhaps grouped by spaces, dots or dashes: the shape of a citizen
 * ID number (CCCD). Not inside a word or an id (a UUID's groups follow dashes), nor the start of
 * a longer number.
 */
const TWELVE_DIGITS = /(?<![\dA-Za-z-])\d(?:[ .-]?\d){11}(?![\dA-Za-z-]|[ .]\d)/g;
/** `cccd=` in a query string, whatever its value looks like (spaces, dots, part of a number). */
const CCCD_PARAM = /([?&]cccd=)([^&#]*)/gi;

const masked = (digits: string) => `••••••••${digits.replace(/\D/g, '').slice(-4)}`;

/** A text as the log may keep it: every twelve-digit run masked. */
export function redactText(text: string): string {
  return text.replace(TWELVE_DIGITS, masked);
}

/**
 * A URL as the log may keep it: the `cccd` parameter and any twelve-digit run masked. It is
 * logged decoded (`%20` as a space, a name in its letters), so that a number cannot hide behind
 * escapes.
 */
export function redactUrl(url: string): string {
  return redactText(decode(url.replace(CCCD_PARAM, (_, key: string, value: string) => `${key}${value ? masked(decode(value)) : ''}`)));
}

function decode(value: string): string {
  const text = value.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray `%`: decode the escapes that are whole.
    return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
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
