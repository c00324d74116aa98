/**
 * `opsbot/connectors/ncp`: the types of an NCP connection's client, for
 * `ctx.connector<NcpClient>('ncp-acme')`. Types only: the client and its keys live in the daemon.
 */
export type {
  NcpAggregation,
  NcpCall,
  NcpClient,
  NcpCustomer,
  NcpInterval,
  NcpListCall,
  NcpListResult,
  NcpMetricQuery,
  NcpMetricSeries,
  NcpMetricsCall,
  NcpParam,
  NcpPlatform,
  NcpRegion,
  NcpSite,
} from '../../connectors/ncp/types.ts';
