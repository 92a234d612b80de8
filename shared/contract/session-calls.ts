import { z } from 'zod';
import {
  attendeeSchema,
  badgeOutcomeSchema,
  boardSchema,
  rosterPreviewSchema,
  secondSignalSchema,
  sessionReportSchema,
  sessionSchema,
} from '../domain/session';
import { DEPARTMENT_MAX, NOTE_MAX, PLANNED_MINUTES_MAX, PLANNED_MINUTES_MIN, ROOM_MAX, SCANNED_CODE_MAX } from '../domain/limits';
import { localeSchema } from '../domain/locale';
import { defineCall } from './define';

const id = z.string().min(1).max(100);
const text = (max: number) => z.string().trim().min(1).max(max);
/** A roster file's size limit; 5,000 rows of a real export fit well within this. */
export const ROSTER_FILE_MAX_BYTES = 8 * 1024 * 1024;
/**
 * The roster file's bytes, base64: the core detects the encoding, which needs the bytes, not text
 * a browser already decoded. A string travels the same over Electron IPC and the web host's JSON.
 */
const rosterFile = z.base64().max(Math.ceil(ROSTER_FILE_MAX_BYTES / 3) * 4);

export const sessionCalls = {
  'session.start': defineCall(
    z.object({
      department: text(DEPARTMENT_MAX),
      room: text(ROOM_MAX),
      plannedMinutes: z.number().int().min(PLANNED_MINUTES_MIN).max(PLANNED_MINUTES_MAX),
    }).strict(),
    sessionSchema,
  ),
  'session.current': defineCall(z.object({}).strict(), sessionSchema.nullable()),
  /** The session that ended last (for its report after a restart), or null before the first one ends. */
  'session.latest': defineCall(z.object({}).strict(), sessionSchema.nullable()),
  'session.end': defineCall(z.object({ sessionId: id }).strict(), sessionReportSchema),
  'session.report': defineCall(z.object({ sessionId: id }).strict(), sessionReportSchema),
  /** The report as CSV, in `locale`: its headings, statuses and reasons. */
  'session.exportCsv': defineCall(
    z.object({ sessionId: id, locale: localeSchema }).strict(),
    z.object({ filename: z.string(), csv: z.string() }),
  ),
  'roster.preview': defineCall(z.object({ sessionId: id, fileBase64: rosterFile }).strict(), rosterPreviewSchema),
  'roster.import': defineCall(
    z.object({ sessionId: id, fileBase64: rosterFile }).strict(),
    z.object({ imported: z.number().int(), rejected: z.number().int() }),
  ),
  'roster.loadTraining': defineCall(
    z.object({ sessionId: id }).strict(),
    z.object({ imported: z.number().int(), rejected: z.number().int() }),
  ),
  'board.get': defineCall(z.object({ sessionId: id }).strict(), boardSchema),
  'badge.scan': defineCall(z.object({ sessionId: id, raw: z.string().max(SCANNED_CODE_MAX) }).strict(), badgeOutcomeSchema),
  'identity.confirm': defineCall(
    z.object({
      sessionId: id,
      attendeeId: id,
      faceConfirmed: z.literal(true),
      secondSignal: secondSignalSchema,
      note: z.string().trim().max(NOTE_MAX).optional(),
    }).strict().refine((v) => v.secondSignal !== 'other' || (v.note ?? '').length > 0, {
      message: 'A note is required when the second signal is "other".',
      path: ['note'],
      // Also when another field is wrong too, so a form learns of every problem at once.
      when: (payload) => typeof payload.value === 'object' && payload.value !== null,
    }),
    attendeeSchema,
  ),
  'identity.reject': defineCall(
    z.object({ sessionId: id, attendeeId: id, reason: text(NOTE_MAX) }).strict(),
    attendeeSchema,
  ),
};
