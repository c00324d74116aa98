import type { Desk } from '../desk.ts';
import type { ServiceKind } from '../services.ts';
import { dayLookup } from './day-lookup.ts';
import { dayPick } from './day-pick.ts';
import { formService } from './form.ts';
import { reply } from './reply.ts';
import { reportUpload } from './report-upload.ts';
import type { Turn } from './turn.ts';

const KINDS: Record<ServiceKind, (desk: Desk, turn: Turn) => Promise<void>> = {
  'day-pick': dayPick,
  'day-lookup': dayLookup,
  'report-upload': reportUpload,
  reply,
  form: formService,
};

/** Runs a confirmed service's own steps. */
export function serve(desk: Desk, turn: Turn): Promise<void> {
  return KINDS[turn.service.kind](desk, turn);
}
