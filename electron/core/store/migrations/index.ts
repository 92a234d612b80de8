import type { Migration } from '../migrate';
import { foundation } from './001-foundation';
import { outbox } from './002-outbox';
import { outboxOperatorRetry } from './003-outbox-operator-retry';
import { settings } from './004-settings';
import { journeyFacts } from './005-journey-facts';
import { envelopes } from './006-envelopes';
import { facilitatorKeys } from './007-facilitator-keys';
import { trainingIdp } from './008-training-idp';
import { failedAccessAttempts } from './009-failed-access-attempts';
import { envelopeLabelsAndTypedSeals } from './010-envelope-labels-and-typed-seals';
import { stepReasonCodes } from './011-step-reason-codes';
import { outboxErrorCodes } from './012-outbox-error-codes';
import { fleetChanges } from './013-fleet-changes';
import { fleetFacilitatorKeys } from './014-fleet-facilitator-keys';
import { stationLinks } from './015-station-links';
import { keyStock } from './016-key-stock';
import { recoveries } from './017-recoveries';

/** Every schema change, in order. Append only: a shipped migration never changes. */
export const migrations: readonly Migration[] = [
  foundation,
  outbox,
  outboxOperatorRetry,
  settings,
  journeyFacts,
  envelopes,
  facilitatorKeys,
  trainingIdp,
  failedAccessAttempts,
  envelopeLabelsAndTypedSeals,
  stepReasonCodes,
  outboxErrorCodes,
  fleetChanges,
  fleetFacilitatorKeys,
  stationLinks,
  keyStock,
  recoveries,
];
