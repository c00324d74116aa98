/** Network device emulators: SNMP agents and Cisco-like CLI servers over one virtual switch model. */
export * from './cisco-cli.ts';
export * from './model.ts';
export * from './snmp-agents.ts';
