/** `/v1/attachment/actions` (card submissions), `/v1/people`, `/v1/rooms`. */
import type { EmulatorContext } from './context.ts';
import { isoNow } from './context.ts';
import type { Deliverer } from './deliver.ts';
import { WebexError } from './http.ts';
import { webexId } from './ids.ts';
import { findMessage } from './messages.ts';
import type { Route } from './rest.ts';
import { personById, roomById } from './state.ts';
import type { AttachmentAction, DeliverOptions, WebexPerson } from './types.ts';
import { personView, roomView, shownPersonId } from './views.ts';

export function actionView(ctx: EmulatorContext, a: AttachmentAction): Record<string, unknown> {
  return { ...a, personId: shownPersonId(ctx, a.personId) };
}

/** The webhook `data` of `attachmentActions:created`: everything but the inputs. */
export function actionEventData(ctx: EmulatorContext, a: AttachmentAction): Record<string, unknown> {
  const { inputs: _inputs, ...rest } = actionView(ctx, a);
  return rest;
}

/** Records a submission of the card in `messageId` by `person` and delivers `attachmentActions:created`. */
export function createAction(
  ctx: EmulatorContext,
  deliverer: Deliverer,
  person: WebexPerson,
  messageId: string,
  inputs: Record<string, unknown>,
  options?: DeliverOptions,
) {
  const message = findMessage(ctx, messageId);
  if (!message) throw new WebexError(404, 'Could not find a message with the provided ID.');
  if (!message.attachments.length) throw new WebexError(400, 'The message has no card to submit');
  const action: AttachmentAction = {
    id: webexId('ATTACHMENT_ACTION'),
    type: 'submit',
    messageId,
    personId: person.id,
    roomId: message.roomId,
    inputs,
    created: isoNow(ctx),
  };
  ctx.state.actions.push(action);
  const data = actionEventData(ctx, action);
  const deliveries = deliverer.emit(
    'attachmentActions',
    'created',
    data,
    data['personId'] as string,
    options,
  );
  return { action, deliveries };
}

export function actionRoutes(ctx: EmulatorContext, deliverer: Deliverer): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/attachment/actions/{id}',
      handler: ({ params }) => {
        const action = ctx.state.actions.find((a) => a.id === params['id']);
        if (!action) throw new WebexError(404, 'Could not find an attachment action with the provided ID.');
        return { status: 200, body: actionView(ctx, action) };
      },
    },
    {
      method: 'POST',
      pattern: '/attachment/actions',
      handler: (req) => {
        const body = req.json();
        if (body['type'] !== 'submit') throw new WebexError(400, 'type must be "submit"');
        if (typeof body['messageId'] !== 'string') throw new WebexError(400, 'messageId is required');
        const inputs = body['inputs'];
        if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs)) {
          throw new WebexError(400, 'inputs must be an object');
        }
        const { action } = createAction(
          ctx,
          deliverer,
          ctx.state.bot,
          body['messageId'],
          inputs as Record<string, unknown>,
        );
        return { status: 200, body: actionView(ctx, action) };
      },
    },
    {
      method: 'GET',
      pattern: '/people/me',
      handler: () => ({ status: 200, body: personView(ctx, ctx.state.bot) }),
    },
    {
      method: 'GET',
      pattern: '/people/{id}',
      handler: ({ params }) => {
        const person = personById(ctx.state, params['id']!);
        if (!person) throw new WebexError(404, 'Could not find a person with the provided ID.');
        return { status: 200, body: personView(ctx, person) };
      },
    },
    {
      method: 'GET',
      pattern: '/rooms',
      handler: () => ({ status: 200, body: { items: ctx.state.rooms.map((r) => roomView(ctx, r)) } }),
    },
    {
      method: 'GET',
      pattern: '/rooms/{id}',
      handler: ({ params }) => {
        const room = roomById(ctx.state, params['id']!);
        if (!room) throw new WebexError(404, 'Could not find a room with the provided ID.');
        return { status: 200, body: roomView(ctx, room) };
      },
    },
  ];
}
