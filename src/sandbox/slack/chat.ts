/** `chat.*`, `conversations.open` and `auth.test`: the messaging half of the Web API. */
import { ApiError, jsonArg, str } from './args.ts';
import type { EmulatorContext } from './context.ts';
import { dmChannel, dmUser, findChannel, findUser, type SlackState } from './state.ts';
import type { RecordedMessage } from './types.ts';

type Args = Record<string, unknown>;

/** Slack's cap on blocks in one message (modals allow 100). */
const MAX_MESSAGE_BLOCKS = 50;

interface Content {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/** text/blocks/attachments; at least one is required (`no_text` otherwise, as Slack answers). */
export function readContent(args: Args): Content {
  const text = str(args, 'text');
  const blocks = jsonArg(args, 'blocks');
  const attachments = jsonArg(args, 'attachments', 'invalid_attachments');
  if (blocks !== undefined && (!Array.isArray(blocks) || blocks.length > MAX_MESSAGE_BLOCKS)) {
    throw new ApiError('invalid_blocks');
  }
  if (attachments !== undefined && !Array.isArray(attachments)) throw new ApiError('invalid_attachments');
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if (text === undefined && !hasBlocks && !hasAttachments) throw new ApiError('no_text');
  return {
    ...(text !== undefined ? { text } : {}),
    ...(hasBlocks ? { blocks } : {}),
    ...(hasAttachments ? { attachments } : {}),
  };
}

/**
 * The channel a message may be posted to. A user id stands for the bot's DM with that user, as in
 * Slack; channels the bot was not added to answer `not_in_channel`.
 */
export function postableChannel(state: SlackState, channel: string | undefined): string {
  if (!channel) throw new ApiError('channel_not_found');
  if (channel.startsWith('U') || channel.startsWith('W')) {
    if (!findUser(state, channel)) throw new ApiError('channel_not_found');
    return dmChannel(state, channel);
  }
  if (dmUser(state, channel)) return channel;
  const known = findChannel(state, channel);
  if (!known) throw new ApiError('channel_not_found');
  if (known.botMember === false) throw new ApiError('not_in_channel');
  return channel;
}

/** The `message` object Slack echoes back for a bot post. */
export function botMessage(ctx: EmulatorContext, m: RecordedMessage): Record<string, unknown> {
  const ws = ctx.state.workspace;
  return {
    type: 'message',
    subtype: 'bot_message',
    bot_id: ws.botId,
    user: ws.botUserId,
    app_id: ws.appId,
    team: ws.teamId,
    text: m.text ?? '',
    ts: m.ts,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
  };
}

function postMessage(ctx: EmulatorContext, args: Args) {
  const channel = postableChannel(ctx.state, str(args, 'channel'));
  const content = readContent(args);
  const threadTs = str(args, 'thread_ts');
  const message: RecordedMessage = {
    channel,
    ts: ctx.state.nextTs(),
    author: ctx.state.workspace.botUserId,
    ephemeral: false,
    ...content,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    via: 'postMessage',
  };
  ctx.state.messages.push(message);
  return { channel, ts: message.ts, message: botMessage(ctx, message) };
}

function postEphemeral(ctx: EmulatorContext, args: Args) {
  const channel = postableChannel(ctx.state, str(args, 'channel'));
  const user = str(args, 'user');
  if (!user || !findUser(ctx.state, user)) throw new ApiError('user_not_found');
  const content = readContent(args);
  const threadTs = str(args, 'thread_ts');
  const message: RecordedMessage = {
    channel,
    ts: ctx.state.nextTs(),
    author: ctx.state.workspace.botUserId,
    user,
    ephemeral: true,
    ...content,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    via: 'postEphemeral',
  };
  ctx.state.messages.push(message);
  return { message_ts: message.ts };
}

/** Only the bot's own, non-ephemeral messages can be edited (`cant_update_message` otherwise). */
function update(ctx: EmulatorContext, args: Args) {
  const channel = str(args, 'channel');
  const ts = str(args, 'ts');
  const target = ctx.state.messages.find((m) => m.channel === channel && m.ts === ts && !m.deleted);
  if (!target) throw new ApiError('message_not_found');
  if (target.ephemeral || target.author !== ctx.state.workspace.botUserId) {
    throw new ApiError('cant_update_message');
  }
  const content = readContent(args);
  target.text = content.text;
  target.blocks = content.blocks;
  target.attachments = content.attachments;
  target.edited = true;
  return { channel, ts, text: target.text ?? '', message: botMessage(ctx, target) };
}

/** One user → their DM `D…`; several → a group DM `G…` (stable per set of users). */
function open(ctx: EmulatorContext, args: Args) {
  const users = (str(args, 'users') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (users.length === 0) {
    const channel = str(args, 'channel');
    if (channel && dmUser(ctx.state, channel)) return { channel: { id: channel } };
    throw new ApiError('users_list_not_supplied');
  }
  for (const user of users) if (!findUser(ctx.state, user)) throw new ApiError('user_not_found');
  const key = users.length === 1 ? users[0]! : `G:${[...users].sort().join(',')}`;
  const id = dmChannel(ctx.state, key);
  const finalId = users.length === 1 ? id : `G${id.slice(1)}`;
  if (users.length > 1) ctx.state.dms.set(key, finalId);
  return { channel: { id: finalId } };
}

function authTest(ctx: EmulatorContext) {
  const ws = ctx.state.workspace;
  return {
    url: `${ctx.baseUrl()}/`,
    team: 'opsbot sandbox',
    user: 'opsbot',
    team_id: ws.teamId,
    user_id: ws.botUserId,
    bot_id: ws.botId,
    is_enterprise_install: false,
  };
}

export const CHAT_METHODS = {
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'conversations.open': open,
};
