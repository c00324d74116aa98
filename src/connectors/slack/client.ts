import type { Redactor } from '../../platform/redact.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import { parseDestination } from './destination.ts';
import { deliveryErrorOf } from './errors.ts';
import { type SlackBody, slackBody } from './native.ts';
import type { SlackOutbound } from './outbound.ts';

/**
 * What `ctx.connector<SlackClient>('slack')` gives apps. Reached over IPC: arguments and results
 * are plain data (a file is a Uint8Array).
 */
export interface SlackClient {
  /** Uploads a file into a channel or a person's DM (Slack's external upload flow). */
  uploadFile(file: SlackFileUpload): Promise<{ fileId: string }>;
  /** Posts a message now (not through the outbox): `channel/C…`, `user/U…`, `ephemeral/C…/U…`, `response/<key>`. */
  postMessage(to: string, body: SlackBody): Promise<{ channel?: string; ts?: string }>;
}

export interface SlackFileUpload {
  to: string;
  filename: string;
  data: Uint8Array;
  title?: string;
  /** A message posted with the file. */
  comment?: string;
}

interface UploadAnswer {
  files?: Array<{ files?: Array<{ id?: string }> }>;
}

export function slackClient(outbound: SlackOutbound, redactor: Redactor): SlackClient {
  return {
    async uploadFile(file) {
      const to = parseDestination(file.to);
      if (to.kind !== 'channel' && to.kind !== 'user') {
        throw new DeliveryError('slack uploadFile: `to` must be channel/<C…> or user/<U…>', {
          retryable: false,
        });
      }
      try {
        const channel = to.kind === 'channel' ? to.channel : await outbound.dmChannel(to.user);
        const answer = (await outbound.web.files.uploadV2({
          channel_id: channel,
          file: Buffer.from(file.data),
          filename: file.filename,
          ...(file.title ? { title: file.title } : {}),
          ...(file.comment ? { initial_comment: file.comment } : {}),
        })) as UploadAnswer;
        const fileId = answer.files?.[0]?.files?.[0]?.id;
        if (!fileId)
          throw new DeliveryError('slack files.uploadV2 answered without a file id', { retryable: false });
        return { fileId };
      } catch (err) {
        throw deliveryErrorOf(err, 'file upload', redactor);
      }
    },
    async postMessage(to, body) {
      const parsed = slackBody.safeParse(body);
      if (!parsed.success) {
        throw new DeliveryError(`not a slack message body: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
          retryable: false,
        });
      }
      return outbound.post(parseDestination(to), parsed.data);
    },
  };
}
