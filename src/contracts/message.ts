/** The portable message every connector can render: NAVER WORKS flex, Slack blocks, cards, email HTML. */
export type Severity = 'info' | 'success' | 'warning' | 'error' | 'critical';

export interface MessageField {
  name: string;
  value: string;
  /** Render next to the previous field when the platform has columns. */
  inline?: boolean;
}

export interface MessageLink {
  label: string;
  url: string;
}

export interface PortableMessage {
  title?: string;
  text: string;
  severity?: Severity;
  fields?: MessageField[];
  links?: MessageLink[];
}

export const SEVERITIES: readonly Severity[] = ['info', 'success', 'warning', 'error', 'critical'];
