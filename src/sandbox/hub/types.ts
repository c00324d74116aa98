/**
 * What the sandbox hub page drives. The hub knows no emulator: whoever starts the emulators (the
 * `opsbot sandbox` command) hands it these controls, so this layer stays free of the CLI.
 */

export interface HubLink {
  /** Stable key the page uses for ids (`works`, `slack`, …). */
  key: string;
  name: string;
  url: string;
}

export interface HubSwitch {
  name: string;
  ports: Array<{ name: string; up: boolean }>;
  /** Wall-clock ms of the last (virtual) boot. */
  bootedAt: number;
}

export interface HubNotice {
  id: string;
  title: string;
  date: string;
  attachments: string[];
}

export interface HubPosted {
  /** NAVER WORKS, Slack, Webex, Teams or Mail. */
  messenger: string;
  /** Channel, room, workflow or recipients. */
  to: string;
  text: string;
  /** Epoch ms. */
  at: number;
}

export interface HubKakaoFile {
  fileName: string;
  fields: string[];
  users: Array<{ id: string; values: Record<string, string | number> }>;
}

export interface HubHoliday {
  date: string;
  name: string;
}

/** One day stored on the HR time-card site (what the attendance app entered). */
export interface HubHrRecord {
  memberId: string;
  /** YYYY-MM-DD */
  date: string;
  start: string;
  end: string;
}

/** The HR site's sandbox login, shown so a person can answer the attendance form. */
export interface HubHrLogin {
  memberId: string;
  userId: string;
  password: string;
}

export interface HubFep {
  /** FEP frame type: '1' market (warning), '2' system (error). */
  type: string;
  text: string;
}

export interface HubControls {
  links: HubLink[];
  switches(): HubSwitch[];
  setPort(device: string, port: string, up: boolean): void;
  reboot(device: string): void;
  notices(): HubNotice[];
  postNotice(notice: { title: string; attachment?: string }): HubNotice;
  /** The Kakao customer file the example config syncs, or null before the first sync. */
  kakaoFile(): HubKakaoFile | null;
  sendFep(frame: HubFep): Promise<void>;
  /** Where FEP frames go, shown next to the form. */
  fepAddress: string;
  holidays(): HubHoliday[];
  addHoliday(day: HubHoliday): void;
  /** What the HR time-card site stores, by member and date. */
  hrRecords(): HubHrRecord[];
  /** The HR site's sandbox account (a fixed demo login, not a secret). */
  hrLogin: HubHrLogin;
  /** The latest bot messages on every messenger emulator, newest first. */
  posted(): HubPosted[];
}

/** A refused control: the message goes back to the page as a 400. */
export class HubInputError extends Error {}
