export { createGateway, isLoopbackHost } from './server.ts';
export type { Gateway, GatewayOptions, StoredInboundEvent } from './types.ts';
