import type { Migration, MigrationProvider } from 'kysely/migration';
import type { StoreKind } from '../context.ts';
import { initial } from './001_initial.ts';
import { holidays } from './002_holidays.ts';
import { connectorState } from './003_connector_state.ts';
import { inboxDeliveries } from './004_inbox_deliveries.ts';
import { forms } from './005_forms.ts';
import { cluster } from './006_cluster.ts';
import { consoleTables } from './007_console.ts';
import { outboxClaim } from './008_outbox_claim.ts';

/**
 * Migrations live in code (not read from a folder) so they ship with the daemon as-is. Names sort
 * in apply order; never rename or edit one that has shipped, add the next number instead.
 */
export function migrationProvider(kind: StoreKind): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '001_initial': initial(kind),
    '002_holidays': holidays(),
    '003_connector_state': connectorState(),
    '004_inbox_deliveries': inboxDeliveries(),
    '005_forms': forms(),
    '006_cluster': cluster(),
    '007_console': consoleTables(kind),
    '008_outbox_claim': outboxClaim(),
  };
  return { getMigrations: async () => migrations };
}
