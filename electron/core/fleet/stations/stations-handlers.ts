import { randomUUID } from 'node:crypto';
import { KioskError } from '../../../../shared/contract/errors';
import { message } from '../../../../shared/contract/messages';
import type { Session } from '../../../../shared/domain/session';
import { actingFacilitator } from '../../access/acting-facilitator';
import type { PartialHandlers } from '../../contract/handler-table';
import { attendeeView } from '../../session/attendee-view';
import type { SessionContext } from '../../session/session-context';
import { openConflict } from '../../session/session-lifecycle-handlers';
import { findSharedSession, noteStation } from './host-session';
import { copyHostRoster } from './station-roster';
import type { StationsService } from './stations-service';

type StationsCalls = 'stations.share' | 'stations.join' | 'stations.override';

/** Sharing a session with other stations, joining one, and checking in during a fleet outage. */
export function createStationsHandlers(stations: StationsService, ctx: SessionContext): PartialHandlers<StationsCalls> {
  return {
    'stations.share': async (input) => {
      const session = ctx.requireOpenSession(input.sessionId);
      const link = stations.links.get(session.id);
      if (link) return { joinCode: link.joinCode };
      const checkedIn = ctx.roster.listBySession(session.id).filter((entry) => ctx.steps.get(entry.id).badge.status !== 'pending');
      const { joinCode, host } = await stations.shareInFleet(session, checkedIn);
      const at = ctx.nowIso();
      ctx.transaction(() => {
        if (stations.links.get(session.id)) return;
        stations.links.insert({ sessionId: session.id, role: 'host', hostKioskId: host.kioskId, hostName: host.name, hostSessionId: session.id, joinCode }, at);
        for (const entry of checkedIn) {
          stations.links.insertClaim({ sessionId: session.id, badgeId: entry.badgeId, attendeeId: entry.id, claimedAt: at, claimedBy: session.facilitator, overrideReason: null, pushedAt: at });
        }
        ctx.record(session, 'session.share', session.id, { joinCode, claimed: checkedIn.length });
      });
      ctx.publishSession(session.id);
      return { joinCode: stations.links.get(session.id)?.joinCode ?? joinCode };
    },

    'stations.join': async (input, call) => {
      const facilitator = actingFacilitator(call).name;
      const open = ctx.sessions.findOpen();
      if (open) throw openConflict(open);
      const host = await stations.reach((fleet) => findSharedSession(fleet, input.joinCode));
      if (!host) throw new KioskError('not_found', message('stations.codeUnknown', { code: input.joinCode }));
      if (host.hostKioskId === stations.here()?.kioskId) throw new KioskError('conflict', message('stations.ownSession', { code: input.joinCode }));
      if (host.training !== ctx.training) throw new KioskError('conflict', message('stations.modeMismatch', { code: input.joinCode }));
      const session: Session = {
        id: randomUUID(),
        department: host.department,
        facilitator,
        room: host.room,
        plannedMinutes: host.plannedMinutes,
        status: 'open',
        // The host's start, so every station's clock keeps the same pace.
        startedAt: host.startedAt,
        endedAt: null,
        training: host.training,
      };
      await stations.reach((fleet) => noteStation(fleet, host, session.id, facilitator));
      const at = ctx.nowIso();
      ctx.transaction(() => {
        const raced = ctx.sessions.findOpen();
        if (raced) throw openConflict(raced);
        ctx.sessions.insert(session);
        copyHostRoster(ctx.roster, session.id, host.roster);
        stations.links.insert({ sessionId: session.id, role: 'station', hostKioskId: host.hostKioskId, hostName: host.hostName, hostSessionId: host.sessionId, joinCode: input.joinCode }, at);
        ctx.record(session, 'session.join', session.id, { joinCode: input.joinCode, hostKiosk: host.hostKioskId, hostSession: host.sessionId, attendees: host.roster.length });
      });
      ctx.publishSession(session.id);
      return session;
    },

    'stations.override': async (input, call) => {
      const facilitator = actingFacilitator(call).name;
      const session = ctx.requireOpenSession(input.sessionId);
      const entry = ctx.requireAttendee(session, input.attendeeId);
      const link = stations.links.get(session.id);
      if (!link) throw new KioskError('conflict', message('stations.notShared'), { sessionId: session.id });
      const attendee = attendeeView(entry, ctx.photosFor(session));
      const badge = ctx.steps.get(entry.id).badge;
      if (badge.status === 'done') return { kind: 'alreadyCheckedIn', attendee, checkedInAt: badge.updatedAt ?? session.startedAt };
      // The fleet may be back by now: then it decides, and no override is needed.
      const claim = await stations.claim(session, entry);
      if (claim.kind === 'heldElsewhere') return { kind: 'heldElsewhere', attendee, station: claim.station, claimedAt: claim.claimedAt };
      ctx.transaction(() => {
        if (claim.kind === 'unavailable') stations.recordOverride(link, entry, facilitator, input.reason);
        ctx.steps.set(entry.id, 'badge', 'inProgress', null, ctx.nowIso());
        ctx.record(session, 'badge.claimOverride', entry.id, { badgeId: entry.badgeId, reason: input.reason, overridden: claim.kind === 'unavailable' });
      });
      ctx.publishBoard(session.id, entry.id);
      return { kind: 'matched', attendee };
    },
  };
}
