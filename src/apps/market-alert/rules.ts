import { localDateTime, type PortableMessage, type Severity } from 'opsbot';
import type { RuleOptions } from './options.ts';

/** One accepted alert, as journaled. Plain JSON. */
export interface Alert {
  /** Journal sequence number, set when the alert is journaled. */
  seq: number;
  via: 'fep' | 'ndjson' | 'http' | 'syslog';
  /** Remote address ('' for HTTP, where the gateway does not pass it). */
  ip: string;
  /** The configured name for the IP; else the name the sender gave; else the IP. */
  source: string;
  /** False when the IP is not in `sources` (the message then says "unknown source <ip>"). */
  known: boolean;
  type: string;
  severity: Severity;
  title?: string;
  text: string;
  receivedAt: number;
  /** Extra detail shown as fields (syslog app name, facility, structured data). */
  detail?: Record<string, string>;
}

const RANK: Record<Severity, number> = { info: 0, success: 1, warning: 2, error: 3, critical: 4 };

export function severityAtLeast(severity: Severity, min: Severity): boolean {
  return RANK[severity] >= RANK[min];
}

export function maxSeverity(list: Severity[]): Severity {
  return list.reduce<Severity>((a, b) => (RANK[b] > RANK[a] ? b : a), 'info');
}

export interface Route {
  targets: string[];
  title: string;
  template: string;
  rule?: string;
}

interface CompiledRule {
  rule: RuleOptions;
  label: string;
  text?: RegExp;
}

/**
 * Routing: rules are tried in order and the FIRST match wins (like a firewall), so a specific rule
 * placed above a broad one overrides it and each alert goes to one well-defined set of targets.
 * Within a rule every given condition must hold; each condition's list means "any of". No match →
 * the default route (`target`, with the app's title and template).
 */
export class Router {
  private readonly rules: CompiledRule[];

  private readonly fallback: Route;

  constructor(rules: RuleOptions[], fallback: Route) {
    this.fallback = fallback;
    this.rules = rules.map((rule, i) => ({
      rule,
      label: rule.name ?? `rule ${i + 1}`,
      ...(rule.text === undefined ? {} : { text: new RegExp(rule.text) }),
    }));
  }

  route(alert: Pick<Alert, 'source' | 'ip' | 'type' | 'severity' | 'text'>): Route {
    for (const { rule, label, text } of this.rules) {
      if (rule.source && !rule.source.some((s) => s === alert.source || s === alert.ip)) continue;
      if (rule.type && !rule.type.includes(alert.type)) continue;
      if (rule.severity && !rule.severity.includes(alert.severity)) continue;
      if (rule.minSeverity && !severityAtLeast(alert.severity, rule.minSeverity)) continue;
      if (text && !text.test(alert.text)) continue;
      return {
        targets: rule.to,
        title: rule.title ?? this.fallback.title,
        template: rule.template ?? this.fallback.template,
        rule: label,
      };
    }
    return this.fallback;
  }
}

/** Replaces {key} with its value; unknown keys stay as written so a typo shows in the message. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

export function templateVars(alert: Alert, timeZone: string): Record<string, string> {
  return {
    source: alert.source,
    type: alert.type,
    text: alert.text,
    severity: alert.severity,
    time: localDateTime(alert.receivedAt, timeZone),
    ip: alert.ip || '-',
    title: alert.title ?? '',
    via: alert.via,
  };
}

/** The message for one alert (count > 1: a coalescing summary). */
export function render(
  alert: Alert,
  route: Route,
  timeZone: string,
  extra: { count?: number; windowMs?: number } = {},
): PortableMessage {
  const vars = templateVars(alert, timeZone);
  let title = fill(route.title, vars);
  const fields = [
    { name: 'source', value: alert.known ? alert.source : `unknown source ${alert.ip || alert.source}` },
    { name: 'time', value: vars.time!, inline: true },
  ];
  if (extra.count && extra.count > 1) {
    title = `${title} ×${extra.count}`;
    fields.push({
      name: 'repeated',
      value: `×${extra.count} within ${Math.round((extra.windowMs ?? 0) / 1000)} s (first at ${vars.time})`,
      inline: true,
    });
  }
  for (const [name, value] of Object.entries(alert.detail ?? {})) fields.push({ name, value, inline: true });
  return { title, text: fill(route.template, vars), severity: alert.severity, fields };
}
