/** The bodies Slack sends to an app, field for field as in more-wire-facts §1.2/§1.3 and reference §1.9. */
import type { EmulatorContext } from './context.ts';
import { randomHex } from './ids.ts';
import { channelName, findUser } from './state.ts';

type Obj = Record<string, unknown>;

/** The deprecated verification token still rides along in payloads; apps must not rely on it. */
export const VERIFICATION_TOKEN = 'sandboxVerificationToken';

export function userObject(ctx: EmulatorContext, id: string): Obj {
  const user = findUser(ctx.state, id);
  const name = user?.name ?? id;
  return { id, username: name, name, team_id: ctx.state.workspace.teamId };
}

export function teamObject(ctx: EmulatorContext): Obj {
  return { id: ctx.state.workspace.teamId, domain: ctx.state.workspace.teamDomain };
}

export function actionTs(ctx: EmulatorContext): string {
  return `${(ctx.clock() / 1000).toFixed(6)}`;
}

export function commandFields(
  ctx: EmulatorContext,
  input: {
    command: string;
    text: string;
    user: string;
    channel: string;
    responseUrl: string;
    triggerId: string;
  },
): Obj {
  const ws = ctx.state.workspace;
  return {
    token: VERIFICATION_TOKEN,
    team_id: ws.teamId,
    team_domain: ws.teamDomain,
    channel_id: input.channel,
    channel_name: channelName(ctx.state, input.channel),
    user_id: input.user,
    user_name: findUser(ctx.state, input.user)?.name ?? input.user,
    command: input.command,
    text: input.text,
    api_app_id: ws.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

/** Fields every interactive payload shares. */
export function interactiveBase(ctx: EmulatorContext, type: string, user: string): Obj {
  return {
    type,
    token: VERIFICATION_TOKEN,
    team: teamObject(ctx),
    user: userObject(ctx, user),
    api_app_id: ctx.state.workspace.appId,
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function eventEnvelope(ctx: EmulatorContext, event: Obj): Obj {
  const ws = ctx.state.workspace;
  return {
    token: VERIFICATION_TOKEN,
    team_id: ws.teamId,
    context_team_id: ws.teamId,
    context_enterprise_id: null,
    api_app_id: ws.appId,
    event,
    type: 'event_callback',
    event_id: `Ev${randomHex(5).toUpperCase()}`,
    event_time: Math.floor(ctx.clock() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: ws.teamId,
        user_id: ws.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}
