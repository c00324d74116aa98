import { formProblem } from '../../contracts/daemon-api/forms.ts';
import type { PortableForm } from '../../contracts/forms.ts';
import { OpsbotError } from '../../platform/errors.ts';

/** What an app may send as a form; checked in the daemon because it crossed a process boundary. */
export function parsePortableForm(input: unknown): PortableForm {
  const problem = formProblem(input);
  if (problem) throw new OpsbotError('FORM', `invalid form: ${problem}`);
  return input as PortableForm;
}
