/**
 * A modal's `view.state.values` ({block_id: {action_id: element state}}) → one value per field.
 * Numbers stay strings (the form service reads them); a checkbox is on when its option is picked.
 */

type Json = Record<string, unknown>;

export function formValues(state: Json): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    if (!actions || typeof actions !== 'object') continue;
    const element = ((actions as Json)[blockId] ?? Object.values(actions as Json)[0]) as Json | undefined;
    if (!element) continue;
    const value = elementValue(element);
    if (value !== undefined) values[blockId] = value;
  }
  return values;
}

function elementValue(element: Json): unknown {
  const options = Array.isArray(element['selected_options'])
    ? (element['selected_options'] as Json[])
    : undefined;
  switch (element['type']) {
    case 'checkboxes':
      return (options ?? []).length > 0;
    case 'multi_static_select':
      return (options ?? []).map((o) => o['value']).filter((v) => typeof v === 'string');
    case 'static_select': {
      const chosen = element['selected_option'] as Json | null | undefined;
      return typeof chosen?.['value'] === 'string' ? chosen['value'] : undefined;
    }
    case 'datepicker':
      return element['selected_date'] ?? undefined;
    case 'timepicker':
      return element['selected_time'] ?? undefined;
    default:
      return element['value'] ?? undefined;
  }
}
