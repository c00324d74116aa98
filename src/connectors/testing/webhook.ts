import type { Connector, InboundEvent, InboundRequest, WebhookAnswer } from '../types.ts';

/** Test support: what /hooks/<connection> would answer for a request, straight from the connector. */
export async function handleWebhook(connector: Connector, request: InboundRequest): Promise<WebhookAnswer> {
  const receiver = connector.receive;
  if (receiver?.mode !== 'webhook') throw new Error(`${connector.name} has no webhook receiver`);
  return receiver.handle(request);
}

/** Test support: tells the connector about a stored inbound event, as the gateway does. */
export async function tellReceived(connector: Connector, event: InboundEvent): Promise<void> {
  const received = connector.receive?.received;
  if (!received) throw new Error(`${connector.name} does not record inbound events`);
  await received.call(connector.receive, event);
}
