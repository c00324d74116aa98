import { naverworksConnector } from './naverworks/index.ts';
import { ncpConnector } from './ncp/index.ts';
import { sandboxConnector } from './sandbox/index.ts';
import { slackConnector } from './slack/index.ts';
import { smtpConnector } from './smtp/index.ts';
import { teamsConnector } from './teams/index.ts';
import type { ConnectorType } from './types.ts';
import { webexConnector } from './webex/index.ts';
import { webhookConnector } from './webhook/index.ts';

/** Every connection type opsbot knows. Adding a connector is one folder and one line here. */
export const connectorTypes: ReadonlyMap<string, ConnectorType> = new Map(
  [
    sandboxConnector,
    webhookConnector,
    naverworksConnector,
    slackConnector,
    webexConnector,
    smtpConnector,
    teamsConnector,
    ncpConnector,
  ].map((c) => [c.type, c]),
);
