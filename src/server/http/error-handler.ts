import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorMessage, fieldReasons, isFieldReason, type ErrorCode, type Params } from '../lib/errors.js';

function send(reply: FastifyReply, request: FastifyRequest, status: number, code: ErrorCode, details?: unknown, params?: AppError['params']) {
  return reply.status(status).send({
    error: { code, message: errorMessage(code, request.lang ?? 'vi', params), ...(details === undefined ? {} : { details }) },
  });
}

/** One error shape for the whole API; a 5xx never shows internals. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'LOGIN_THROTTLED' || error.code === 'PASSWORD_THROTTLED') {
        const seconds = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (seconds) void reply.header('retry-after', String(seconds));
      }
      return send(reply, request, error.status, error.code, error.details, error.params);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const lang = request.lang ?? 'vi';
      let detail: Params[string] | undefined;
      const issues = error.validation.map((v) => {
        const field = String(v.instancePath ?? '').split('/').filter(Boolean);
        const path = [error.validationContext, ...field].join('.');
        // A shared schema's reason key becomes a sentence; the first one is also told in the message.
        if (!isFieldReason(v.message)) return { path, message: v.message };
        const reason = fieldReasons[v.message];
        const name = field.join('.') || String(error.validationContext);
        detail ??= { vi: ` Trường "${name}": ${reason.vi}.`, en: ` Field "${name}": ${reason.en}.` };
        return { path, message: reason[lang] };
      });
      return send(reply, request, 400, 'VALIDATION_FAILED', { issues }, detail ? { detail } : undefined);
    }
    const code = (error as FastifyError).code;
    if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
      return send(reply, request, 400, 'MALFORMED_JSON');
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return send(reply, request, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, request, 413, 'PAYLOAD_TOO_LARGE');
    // PostgreSQL refuses some text the client sent (a NUL character): the request is at fault.
    if (code === '22021' || code === '22P05') return send(reply, request, 400, 'VALIDATION_FAILED');
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) return send(reply, request, 400, 'VALIDATION_FAILED');
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, request, 500, 'INTERNAL');
  });
}
