import type { FormDelivery } from '../../contracts/forms.ts';
import { DeliveryError } from '../kit/delivery-error.ts';
import { cut } from './render.ts';

/**
 * A portable form on NAVER WORKS, which has no modals: a button template whose one `uri` action
 * opens the gateway's signed single-use page (/forms/<token>), so nothing typed goes through chat.
 */

const LABEL_MAX = 20;
const CONTENT_TEXT_MAX = 1000;
/** What the button says: "open the form". */
export const OPEN_LABEL = '양식 열기';

export function renderFormButton(delivery: FormDelivery): Record<string, unknown> {
  if (!delivery.url) {
    // The daemon always signs a link for link-rendered connectors; without one nothing could open it.
    throw new DeliveryError('a form for NAVER WORKS needs its signed page URL (http.publicUrl)', {
      retryable: false,
    });
  }
  const { form } = delivery;
  const contentText = cut(form.text ? `${form.title}\n${form.text}` : form.title, CONTENT_TEXT_MAX);
  const label = cut(OPEN_LABEL, LABEL_MAX);
  return { type: 'button_template', contentText, actions: [{ type: 'uri', label, uri: delivery.url }] };
}
