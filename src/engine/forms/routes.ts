import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PortableForm } from '../../contracts/forms.ts';
import { FORM_PAGE_CSP, renderFormPage, renderNoticePage } from './page.ts';
import type { FormService, SubmitOutcome } from './service.ts';
import { rawFromJson, rawFromUrlEncoded } from './values.ts';

/** Page texts a person sees when a link cannot be used (contract for tests; Korean on purpose). */
export const FORM_NOTICES = {
  'not-found': {
    status: 404,
    title: '양식을 찾을 수 없습니다',
    text: '링크가 올바르지 않습니다. 받은 메시지의 버튼으로 다시 열어 주세요.',
  },
  expired: {
    status: 410,
    title: '만료된 양식입니다',
    text: '제출 기한이 지났습니다. 요청한 곳에 새 양식을 요청하세요.',
  },
  used: { status: 410, title: '이미 제출된 양식입니다', text: '이 양식은 한 번만 제출할 수 있습니다.' },
  forbidden: {
    status: 403,
    title: '허용되지 않은 요청입니다',
    text: '다른 사이트에서 보낸 제출은 받지 않습니다.',
  },
  accepted: { status: 200, title: '제출되었습니다', text: '응답이 전달되었습니다. 이 창을 닫아도 됩니다.' },
} as const;

function send(reply: FastifyReply, status: number, html: string) {
  return (
    reply
      .code(status)
      .header('content-security-policy', FORM_PAGE_CSP)
      // The token is in the URL: never cache the page, never leak the URL to another site.
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .type('text/html; charset=utf-8')
      .send(html)
  );
}

function notice(reply: FastifyReply, which: keyof typeof FORM_NOTICES) {
  const n = FORM_NOTICES[which];
  return send(reply, n.status, renderNoticePage(n.title, n.text));
}

/**
 * Refuses a POST another site's page made. Sec-Fetch-Site decides where the browser sends it;
 * otherwise a real Origin must be ours. The page's no-referrer policy makes browsers send
 * `Origin: null` on its own posts, so null (or none) passes: the unguessable single-use token in
 * the path is what a forger would need anyway.
 */
function sameOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** GET/POST /forms/<token>: the signed single-use page for platforms without native forms. */
export function registerFormPageRoutes(app: FastifyInstance, forms: FormService): void {
  app.get<{ Params: { token: string } }>('/forms/:token', async (req, reply) => {
    const found = await forms.byToken(req.params.token);
    if ('kind' in found) return notice(reply, found.kind);
    return send(reply, 200, renderFormPage(found.record.form as PortableForm));
  });

  app.post<{ Params: { token: string } }>('/forms/:token', async (req, reply) => {
    if (!sameOrigin(req)) return notice(reply, 'forbidden');
    const found = await forms.byToken(req.params.token);
    if ('kind' in found) return notice(reply, found.kind);
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const outcome = await forms.submit(found.record, rawFromUrlEncoded(body));
    if (outcome.kind === 'invalid') {
      return send(
        reply,
        422,
        renderFormPage(outcome.form, { values: outcome.values, errors: outcome.errors }),
      );
    }
    return notice(reply, outcome.kind);
  });
}

function jsonOutcome(outcome: SubmitOutcome | { kind: 'not-found' | 'expired' | 'used' }) {
  if (outcome.kind === 'invalid') return { status: 422, body: { ok: false, errors: outcome.errors } };
  if (outcome.kind === 'accepted') return { status: 200, body: { ok: true } };
  const n = FORM_NOTICES[outcome.kind];
  return { status: n.status, body: { ok: false, error: n.title } };
}

/** POST /sandbox/api/forms/<formId>: the sandbox page's native forms, through the same submit logic. */
export function registerSandboxFormRoutes(app: FastifyInstance, forms: FormService): void {
  app.post<{ Params: { formId: string } }>('/sandbox/api/forms/:formId', async (req, reply) => {
    // JSON only, like /sandbox/api/send: a cross-site form post cannot reach this without a preflight.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return reply.code(415).send({ error: 'send JSON (content-type: application/json)' });
    }
    let input: { user?: unknown; values?: unknown };
    try {
      input = JSON.parse(Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '');
    } catch {
      return reply.code(400).send({ error: 'invalid JSON' });
    }
    if (!input || typeof input.values !== 'object' || input.values === null) {
      return reply.code(400).send({ error: 'values must be an object' });
    }
    const found = await forms.byId(req.params.formId);
    const user = typeof input.user === 'string' && input.user.trim() ? input.user.trim() : 'guest';
    const outcome =
      'kind' in found
        ? found
        : await forms.submit(found.record, rawFromJson(input.values as Record<string, unknown>), user);
    const { status, body } = jsonOutcome(outcome);
    return reply.code(status).send(body);
  });
}
