import { createAttendanceApp } from './app.ts';

/** builtin:attendance — see app.ts and docs/attendance.md. */
export default createAttendanceApp();
