import { describe, expect, it } from 'vitest';
import { OpsbotError } from '../../platform/errors.ts';
import { errorEnvelope, innerResponse, NcpApiError, okAnswerError } from './errors.ts';

describe('errorEnvelope', () => {
  it('reads the legacy responseError body', () => {
    const message = 'You do not have authority about action : [NAS:View/getNASVolumeInstanceList].';
    expect(errorEnvelope({ responseError: { returnCode: '802', returnMessage: message } })).toEqual({
      code: '802',
      message,
    });
  });

  it('reads the gateway error body (numeric codes too)', () => {
    expect(errorEnvelope({ error: { errorCode: '200', message: 'Authentication Failed' } })).toEqual({
      code: '200',
      message: 'Authentication Failed',
    });
    expect(errorEnvelope({ error: { errorCode: 300, message: 'Not Found' } })).toEqual({
      code: '300',
      message: 'Not Found',
    });
  });

  it('reads the standard body, naming the fields that were wrong', () => {
    expect(errorEnvelope({ error: { errorCode: 'NotFound', message: 'Server not found.' } })).toEqual({
      code: 'NotFound',
      message: 'Server not found.',
    });
    expect(
      errorEnvelope({
        error: {
          errorCode: 'InvalidParameter',
          message: 'Invalid parameter.',
          fieldErrors: [{ field: 'pageSize', message: 'must be 1..1000' }, 'junk'],
        },
      }),
    ).toEqual({ code: 'InvalidParameter', message: 'Invalid parameter. (pageSize: must be 1..1000)' });
  });

  it('is undefined for anything else', () => {
    for (const body of [undefined, null, 'text', [], {}, { error: 'x' }, { error: { message: 'no code' } }]) {
      expect(errorEnvelope(body)).toBeUndefined();
    }
  });
});

describe('innerResponse and okAnswerError', () => {
  it('drops the single {action}Response key', () => {
    const inner = { returnCode: '0', totalRows: 0 };
    expect(innerResponse({ getRegionListResponse: inner })).toBe(inner);
    const two = { aResponse: {}, b: 1 };
    expect(innerResponse(two)).toBe(two);
    expect(innerResponse([1])).toEqual([1]);
  });

  it('finds a returnCode other than "0" in a 200 answer', () => {
    const body = { getXResponse: { returnCode: '1250000', returnMessage: 'please retry' } };
    expect(okAnswerError(body, innerResponse(body))).toEqual({ code: '1250000', message: 'please retry' });
    const ok = { getXResponse: { returnCode: '0', returnMessage: 'success' } };
    expect(okAnswerError(ok, innerResponse(ok))).toBeUndefined();
    const bare = { getXResponse: { totalRows: 1 } };
    expect(okAnswerError(bare, innerResponse(bare))).toBeUndefined();
  });
});

describe('NcpApiError', () => {
  it('is an OpsbotError with code NCP_<code> and the details for the daemon', () => {
    const err = new NcpApiError('802', 'no authority', {
      status: 400,
      path: '/vnas/v2/x',
      returnCode: '802',
    });
    expect(err).toBeInstanceOf(OpsbotError);
    expect([err.code, err.message, err.status, err.path, err.returnCode, err.retryable]).toEqual([
      'NCP_802',
      'no authority',
      400,
      '/vnas/v2/x',
      '802',
      false,
    ]);
  });
});
