/**
 * `view.state.values[block_id][action_id]` as Slack builds it: every element type reports its value
 * under its own key (reference §1.4), and empty inputs still appear with a null value.
 */
type Obj = Record<string, unknown>;

/** What a test or the page says the user entered: text, an option value, or several option values. */
export type Entered = string | string[] | null;
export type EnteredValues = Record<string, Entered | Record<string, Entered>>;

function options(element: Obj): Obj[] {
  const direct = Array.isArray(element['options']) ? (element['options'] as Obj[]) : [];
  const groups = Array.isArray(element['option_groups']) ? (element['option_groups'] as Obj[]) : [];
  return [...direct, ...groups.flatMap((g) => (Array.isArray(g['options']) ? (g['options'] as Obj[]) : []))];
}

function option(element: Obj, value: string): Obj {
  const found = options(element).find((o) => o['value'] === value);
  return found
    ? { text: found['text'], value }
    : { text: { type: 'plain_text', text: value, emoji: true }, value };
}

function list(entered: Entered): string[] {
  if (entered === null) return [];
  return Array.isArray(entered) ? entered : [entered];
}

function one(entered: Entered): string | null {
  return Array.isArray(entered) ? (entered[0] ?? null) : entered;
}

/** The state entry for one element; unknown element types report `value`. */
export function elementState(element: Obj, entered: Entered): Obj {
  const type = String(element['type']);
  const v = one(entered);
  switch (type) {
    case 'datepicker':
      return { type, selected_date: v };
    case 'timepicker':
      return { type, selected_time: v };
    case 'datetimepicker':
      return { type, selected_date_time: v === null ? null : Number(v) };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: v === null ? null : option(element, v) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: list(entered).map((x) => option(element, x)) };
    case 'users_select':
      return { type, selected_user: v };
    case 'multi_users_select':
      return { type, selected_users: list(entered) };
    case 'conversations_select':
      return { type, selected_conversation: v };
    case 'multi_conversations_select':
      return { type, selected_conversations: list(entered) };
    case 'channels_select':
      return { type, selected_channel: v };
    case 'multi_channels_select':
      return { type, selected_channels: list(entered) };
    default:
      return { type, value: v };
  }
}

/** The whole `state.values` for a view's input blocks from what the user entered. */
export function buildStateValues(view: Obj, entered: EnteredValues): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const blocks = Array.isArray(view['blocks']) ? (view['blocks'] as Obj[]) : [];
  for (const block of blocks) {
    if (block['type'] !== 'input' || typeof block['element'] !== 'object' || block['element'] === null)
      continue;
    const blockId = String(block['block_id']);
    const element = block['element'] as Obj;
    const actionId = String(element['action_id']);
    const given = entered[blockId];
    const value =
      given !== null && typeof given === 'object' && !Array.isArray(given)
        ? (given[actionId] ?? null)
        : (given ?? null);
    out[blockId] = { [actionId]: elementState(element, value) };
  }
  return out;
}
