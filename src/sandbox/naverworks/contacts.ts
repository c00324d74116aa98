/** Shared address book: `GET /contacts` and `GET /contact-tags`, both paged like every list. */
import type { FastifyInstance } from 'fastify';
import { requireScope } from './auth.ts';
import { API_PREFIX, type EmulatorContext } from './context.ts';
import { metaData, paginate } from './paging.ts';
import type { WorksContact } from './types.ts';

const READ_SCOPES = ['contact', 'contact.read'] as const;

type Query = Record<string, string | undefined>;

function toWire(c: WorksContact) {
  return {
    contactId: c.contactId,
    contactName: { lastName: c.lastName ?? '', firstName: c.firstName ?? '' },
    ...(c.emails === undefined ? {} : { emails: c.emails }),
    telephones: c.telephones ?? [],
    contactTagIds: c.contactTagIds ?? [],
  };
}

export function registerContactRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get(`${API_PREFIX}/contacts`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const page = paginate(ctx.state.contacts, req.query as Query, 100);
    return reply.send({ contacts: page.items.map(toWire), responseMetaData: metaData(page) });
  });

  app.get(`${API_PREFIX}/contact-tags`, async (req, reply) => {
    if (!requireScope(req, reply, READ_SCOPES)) return reply;
    const page = paginate(ctx.state.contactTags, req.query as Query, 100);
    return reply.send({ contactTags: page.items, responseMetaData: metaData(page) });
  });
}
