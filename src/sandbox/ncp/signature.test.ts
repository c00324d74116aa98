import { describe, expect, it } from 'vitest';
import { ncpSignature } from './signature.ts';

describe('ncpSignature', () => {
  const key = 'AKIAEXAMPLE0000000000';
  const secret = 'SECRETEXAMPLE000000000000000000000000000';

  it('reproduces vector 1 of more-wire-facts §4.1 (GET getRegionList)', () => {
    expect(
      ncpSignature('GET', '/vserver/v2/getRegionList?responseFormatType=json', '1700000000000', key, secret),
    ).toBe('4CJMJAWYCyDZn+SRSFJNlyvNx9Tilt9jKFZpKMk7IDc=');
  });

  it('reproduces vector 2 (POST Cloud Insight query/multiple, query string signed, body not)', () => {
    const uri = '/cw_fea/real/cw/api/data/query/multiple?responseFormatType=json';
    expect(ncpSignature('POST', uri, '1700000000000', key, secret)).toBe(
      'D68YItfBhVT0g1eh4xl8Mhm+9ygAKtNii+AQGGO+Anc=',
    );
  });

  it('reproduces vector 3 (GET with regionCode and paging)', () => {
    const uri =
      '/vserver/v2/getServerInstanceList?regionCode=KR&pageNo=1&pageSize=1000&responseFormatType=json';
    expect(ncpSignature('GET', uri, '1733184480000', 'ncp_iam_ABCDEFGHIJ', 'ncp_iam_SECRET_0123456789')).toBe(
      'H6QLdLGr0cpiljYEz4jwQazXOFubNzOTjhi4lt/X/Lw=',
    );
  });

  it('changes with the method, the query order and the key', () => {
    const base = ncpSignature('GET', '/a?x=1&y=2', '1700000000000', key, secret);
    expect(ncpSignature('POST', '/a?x=1&y=2', '1700000000000', key, secret)).not.toBe(base);
    expect(ncpSignature('GET', '/a?y=2&x=1', '1700000000000', key, secret)).not.toBe(base);
    expect(ncpSignature('GET', '/a?x=1&y=2', '1700000000000', key, `${secret}x`)).not.toBe(base);
  });
});
