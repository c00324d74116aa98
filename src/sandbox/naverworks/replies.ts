/** The two error dialects of NAVER WORKS: OAuth-style on the token endpoint, `{code, description}` on REST. */
import type { FastifyReply } from 'fastify';

export function restError(
  reply: FastifyReply,
  status: number,
  code: string,
  description: string,
): FastifyReply {
  if (status === 401) {
    // RFC 6750: the details of a bearer failure travel in www-authenticate, as the real API does.
    reply.header(
      'www-authenticate',
      `Bearer realm="worksapis", error="invalid_token", error_description="${description}"`,
    );
  }
  return reply.code(status).send({ code, description });
}

export function oauthError(
  reply: FastifyReply,
  status: 400 | 401,
  error: string,
  description: string,
): FastifyReply {
  return reply.code(status).send({ error, error_description: description });
}
