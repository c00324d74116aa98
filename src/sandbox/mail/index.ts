export { startMailSink } from './sink.ts';
export type { MailSink, MailSinkOptions, ReceivedAttachment, ReceivedMail, SinkTls } from './types.ts';
