import { describe, expect, it } from 'vitest';
import { queryString, signatureV2, signedHeaders } from './sign.ts';

describe('signatureV2', () => {
  const shared = {
    accessKey: 'AKIAEXAMPLE0000000000',
    secretKey: 'SECRETEXAMPLE000000000000000000000000000',
  };

  it('reproduces the three vectors of more-wire-facts §4.1', () => {
    expect(
      signatureV2({
        method: 'GET',
        uri: '/vserver/v2/getRegionList?responseFormatType=json',
        timestamp: '1700000000000',
        ...shared,
      }),
    ).toBe('4CJMJAWYCyDZn+SRSFJNlyvNx9Tilt9jKFZpKMk7IDc=');
    expect(
      signatureV2({
        method: 'POST',
        uri: '/cw_fea/real/cw/api/data/query/multiple?responseFormatType=json',
        timestamp: '1700000000000',
        ...shared,
      }),
    ).toBe('D68YItfBhVT0g1eh4xl8Mhm+9ygAKtNii+AQGGO+Anc=');
    expect(
      signatureV2({
        method: 'GET',
        uri: `/vserver/v2/getServerInstanceList?${queryString({ regionCode: 'KR', pageNo: 1, pageSize: 1000 })}`,
        timestamp: '1733184480000',
        accessKey: 'ncp_iam_ABCDEFGHIJ',
        secretKey: 'ncp_iam_SECRET_0123456789',
      }),
    ).toBe('H6QLdLGr0cpiljYEz4jwQazXOFubNzOTjhi4lt/X/Lw=');
  });

  it('puts the timestamp, access key and signature in the three headers', () => {
    const headers = signedHeaders({
      method: 'GET',
      uri: '/vserver/v2/getRegionList?responseFormatType=json',
      timestamp: 1700000000000,
      ...shared,
    });
    expect(headers).toEqual({
      'x-ncp-apigw-timestamp': '1700000000000',
      'x-ncp-iam-access-key': 'AKIAEXAMPLE0000000000',
      'x-ncp-apigw-signature-v2': '4CJMJAWYCyDZn+SRSFJNlyvNx9Tilt9jKFZpKMk7IDc=',
    });
  });
});

describe('queryString', () => {
  it('adds responseFormatType=json last, once', () => {
    expect(queryString()).toBe('responseFormatType=json');
    expect(queryString({ responseFormatType: 'xml', regionCode: 'KR' })).toBe(
      'regionCode=KR&responseFormatType=json',
    );
  });

  it('numbers list values from 1 and keeps the params order', () => {
    expect(queryString({ regionCode: 'KR', serverInstanceNoList: ['11', 22], isX: true })).toBe(
      'regionCode=KR&serverInstanceNoList.1=11&serverInstanceNoList.2=22&isX=true&responseFormatType=json',
    );
    expect(queryString({ empty: [] })).toBe('responseFormatType=json');
  });

  it('percent-encodes strictly, so the URL parser sends what was signed', () => {
    const query = queryString({ startTime: '2026-11-01T00:00:00+0000', name: "it's (a*b)! 한" });
    expect(query).toBe(
      'startTime=2026-11-01T00%3A00%3A00%2B0000&name=it%27s%20%28a%2Ab%29%21%20%ED%95%9C&responseFormatType=json',
    );
    const url = new URL(`https://ncloud.apigw.ntruss.com/vserver/v2/x?${query}`);
    expect(url.search).toBe(`?${query}`);
  });
});
