import type { FormDelivery } from '../../contracts/forms.ts';
import type { OutboundPayload } from '../types.ts';
import type { WebexApi } from './api.ts';
import { renderCard, renderPageLink } from './card.ts';
import { parseDestination, targetFields, type WebexDestination } from './destination.ts';
import type { WebexBody } from './native.ts';
import { renderMessage } from './render.ts';

/** Messages, cards and files out: one POST /messages each. */
export class WebexOutbound {
  private readonly api: WebexApi;

  constructor(api: WebexApi) {
    this.api = api;
  }

  async send(destination: string, payload: OutboundPayload<WebexBody>): Promise<void> {
    const to = parseDestination(destination);
    if (payload.kind === 'form') {
      await this.post(to, formMessage(payload.form));
      return;
    }
    await this.post(to, payload.kind === 'portable' ? renderMessage(payload.message) : payload.body);
  }

  async post(to: WebexDestination, body: WebexBody): Promise<{ messageId: string }> {
    const answer = await this.api.call<{ id?: unknown }>({
      method: 'POST',
      path: '/messages',
      json: { ...targetFields(to), ...body },
    });
    return { messageId: typeof answer.body.id === 'string' ? answer.body.id : '' };
  }

  /** One file as multipart/form-data (Webex takes one file per message). */
  async postFile(
    to: WebexDestination,
    file: { filename: string; data: Uint8Array; contentType?: string; markdown?: string },
  ): Promise<{ messageId: string }> {
    const form = new FormData();
    for (const [key, value] of Object.entries(targetFields(to))) form.append(key, value);
    if (file.markdown) form.append('markdown', file.markdown);
    const blob = new Blob([new Uint8Array(file.data)], {
      type: file.contentType ?? 'application/octet-stream',
    });
    form.append('files', blob, file.filename);
    const answer = await this.api.call<{ id?: unknown }>({ method: 'POST', path: '/messages', form });
    return { messageId: typeof answer.body.id === 'string' ? answer.body.id : '' };
  }
}

/** A form: a card, or, when the app asked for the signed page, a link to it. */
function formMessage(delivery: FormDelivery): WebexBody {
  if (delivery.url) return renderPageLink({ ...delivery, url: delivery.url });
  return renderCard(delivery);
}
