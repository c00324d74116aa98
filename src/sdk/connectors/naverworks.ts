/**
 * `opsbot/connectors/naverworks`: the types of a NAVER WORKS connection's client, for
 * `ctx.connector<NaverworksClient>('works')`. Types only: the client itself lives in the daemon and
 * apps reach it over IPC, so nothing here may pull connector code into an app.
 */
export type { Board, NewPost, Post } from '../../connectors/naverworks/clients/board.ts';
export type { Channel, MenuAction } from '../../connectors/naverworks/clients/bot.ts';
export type {
  CalendarEvent,
  CalendarInfo,
  EventEntry,
  EventTime,
} from '../../connectors/naverworks/clients/calendar.ts';
export type { Contact, ContactTag } from '../../connectors/naverworks/clients/contacts.ts';
export type { Page, PageOptions } from '../../connectors/naverworks/clients/deps.ts';
export type { OrgUnitMember, WorksGroup, WorksUser } from '../../connectors/naverworks/clients/directory.ts';
export type { DriveFile, DriveLocation, UploadedFile } from '../../connectors/naverworks/clients/drive.ts';
export type { DownloadedFile } from '../../connectors/naverworks/clients/upload.ts';
export type {
  NaverworksBody,
  NaverworksClient,
  NaverworksOptions,
} from '../../connectors/naverworks/index.ts';
export type { AuthStatus } from '../../connectors/types.ts';
