import { describe, expect, it } from 'vitest';
import { parseInterfaceStatus } from './parse.ts';

const CATALYST_2960 = `sw-2960#show interfaces status

Port      Name               Status       Vlan       Duplex  Speed Type
Fa0/1     PC-101             connected    10         a-full  a-100 10/100BaseTX
Fa0/2                        notconnect   10           auto   auto 10/100BaseTX
Fa0/3     printer 2F         disabled     20           auto   auto 10/100BaseTX
Fa0/4     cam lobby          err-disabled 30           auto   auto 10/100BaseTX
Fa0/5     connected to fw    connected    1          a-half   a-10 10/100BaseTX
Gi0/1     uplink to core     connected    trunk      a-full a-1000 10/100/1000BaseTX
Gi0/2                        notconnect   1            auto   auto Not Present
sw-2960#`;

const CATALYST_3850 = `show interface status\r
\r
Port         Name               Status       Vlan       Duplex  Speed Type \r
Gi1/0/1      AP-3F-East         connected    trunk      a-full a-1000 10/100/1000BaseTX\r
Gi1/0/2      SPAN to IDS        monitoring   1          a-full a-1000 10/100/1000BaseTX\r
Gi1/0/3                         inactive     99           auto   auto 10/100/1000BaseTX\r
Te1/1/1      uplink-dist-01     connected    trunk        full    10G SFP-10GBase-SR\r
Te1/1/2                         notconnect   1            full    10G unknown\r
Po1          to-dist            connected    trunk      a-full a-1000 \r
C3850-01#`;

const CATALYST_9300 = `
Port         Name               Status       Vlan       Duplex  Speed Type
Gi1/0/1      server-rack-12-ilo connected    100        a-full a-1000 10/100/1000BaseTX
Gi1/0/48     routed link to FW  connected    routed     a-full a-1000 10/100/1000BaseTX
Te1/1/1                         connected    trunk        full    10G SFP-10GBase-LR
Twe1/0/1                        notconnect   1            auto   auto 100/1000/2.5G/5G/10G/25GBase
Ap1/0/1                         connected    1          a-full a-1000 App-hosting port
C9300-01#`;

const NEXUS = `
--------------------------------------------------------------------------------
Port          Name               Status    Vlan      Duplex  Speed   Type
--------------------------------------------------------------------------------
mgmt0         --                 connected routed    full    1000    --
Eth1/1        esx01-vmnic0       connected trunk     full    10G     10Gbase-SR
Eth1/2        --                 notconnec 1         auto    auto    10Gbase-SR
Eth1/3        --                 sfpAbsent 1         full    10G     --
Eth1/49       peer-link          connected 1         full    40G     QSFP-40G-CR4
Po10          vpc-to-fex         connected trunk     full    40G     --

N9K-01#`;

const LONG_NAMES = `
Port      Name               Status       Vlan       Duplex  Speed Type
Gi0/5     link to building B main distribution frame connected 200 a-full a-1000 10/100/1000BaseTX
Gi0/6     very long description the terminal wrapped onto
                             connected    201        a-full  a-100 10/100/1000BaseTX
Gi0/7                        connected    1          a-full a-1000 10/100/1000BaseTX
`;

const PAGED = `terminal length 300
sw1#show interface status

Port      Name               Status       Vlan       Duplex  Speed Type
Gi0/1     uplink             connected    trunk      a-full a-1000 10/100/1000BaseTX
 --More-- \b\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\b\bGi0/2                        notconnect   1            auto   auto 10/100/1000BaseTX
sw1#`;

describe('parseInterfaceStatus', () => {
  it('reads a Catalyst 2960 table, including names with spaces and every status word', () => {
    const rows = parseInterfaceStatus(CATALYST_2960);
    expect(rows.map((r) => [r.port, r.name, r.status, r.vlan, r.duplex, r.speed, r.type])).toEqual([
      ['Fa0/1', 'PC-101', 'connected', '10', 'a-full', 'a-100', '10/100BaseTX'],
      ['Fa0/2', '', 'notconnect', '10', 'auto', 'auto', '10/100BaseTX'],
      ['Fa0/3', 'printer 2F', 'disabled', '20', 'auto', 'auto', '10/100BaseTX'],
      ['Fa0/4', 'cam lobby', 'err-disabled', '30', 'auto', 'auto', '10/100BaseTX'],
      ['Fa0/5', 'connected to fw', 'connected', '1', 'a-half', 'a-10', '10/100BaseTX'],
      ['Gi0/1', 'uplink to core', 'connected', 'trunk', 'a-full', 'a-1000', '10/100/1000BaseTX'],
      ['Gi0/2', '', 'notconnect', '1', 'auto', 'auto', 'Not Present'],
    ]);
  });

  it('reads a Catalyst 3850 table with CR LF, monitoring/inactive ports and a Type-less port-channel', () => {
    const rows = parseInterfaceStatus(CATALYST_3850);
    expect(rows).toHaveLength(6);
    expect(rows[1]).toMatchObject({ port: 'Gi1/0/2', name: 'SPAN to IDS', status: 'monitoring' });
    expect(rows[2]).toMatchObject({ port: 'Gi1/0/3', status: 'inactive', vlan: '99' });
    expect(rows[3]).toMatchObject({ port: 'Te1/1/1', duplex: 'full', speed: '10G', type: 'SFP-10GBase-SR' });
    expect(rows[5]).toEqual({
      port: 'Po1',
      name: 'to-dist',
      status: 'connected',
      vlan: 'trunk',
      duplex: 'a-full',
      speed: 'a-1000',
      type: '',
    });
  });

  it('reads a Catalyst 9300 table: routed ports, 25G types, types with spaces', () => {
    const rows = parseInterfaceStatus(CATALYST_9300);
    expect(rows.map((r) => r.port)).toEqual(['Gi1/0/1', 'Gi1/0/48', 'Te1/1/1', 'Twe1/0/1', 'Ap1/0/1']);
    expect(rows[0]!.name).toBe('server-rack-12-ilo');
    expect(rows[1]).toMatchObject({ name: 'routed link to FW', vlan: 'routed' });
    expect(rows[3]!.type).toBe('100/1000/2.5G/5G/10G/25GBase');
    expect(rows[4]!.type).toBe('App-hosting port');
  });

  it('reads NX-OS output: dashed rules, `--` names, truncated status words', () => {
    const rows = parseInterfaceStatus(NEXUS);
    expect(rows.map((r) => [r.port, r.name, r.status, r.vlan, r.speed])).toEqual([
      ['mgmt0', '', 'connected', 'routed', '1000'],
      ['Eth1/1', 'esx01-vmnic0', 'connected', 'trunk', '10G'],
      ['Eth1/2', '', 'notconnec', '1', 'auto'],
      ['Eth1/3', '', 'sfpAbsent', '1', '10G'],
      ['Eth1/49', 'peer-link', 'connected', '1', '40G'],
      ['Po10', 'vpc-to-fex', 'connected', 'trunk', '40G'],
    ]);
    expect(rows[0]!.type).toBe('--');
  });

  it('keeps a description that pushes the columns right or wraps the row onto the next line', () => {
    const rows = parseInterfaceStatus(LONG_NAMES);
    expect(rows.map((r) => [r.port, r.name, r.status, r.vlan, r.speed])).toEqual([
      ['Gi0/5', 'link to building B main distribution frame', 'connected', '200', 'a-1000'],
      ['Gi0/6', 'very long description the terminal wrapped onto', 'connected', '201', 'a-100'],
      ['Gi0/7', '', 'connected', '1', 'a-1000'],
    ]);
  });

  it('ignores prompts, the echoed command and --More-- markers', () => {
    const rows = parseInterfaceStatus(PAGED);
    expect(rows.map((r) => [r.port, r.status])).toEqual([
      ['Gi0/1', 'connected'],
      ['Gi0/2', 'notconnect'],
    ]);
  });

  it('returns nothing without a header', () => {
    expect(parseInterfaceStatus('% Invalid input detected at ^ marker.\nsw1#')).toEqual([]);
  });
});
