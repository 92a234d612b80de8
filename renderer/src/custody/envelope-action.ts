import type { CustodyRecord } from '../../../shared/domain/custody';

/** What each part of the envelope's screen that can act on it (its label, its moves) is given. */
export interface EnvelopeActionProps {
  record: CustodyRecord;
  /** The envelope after a move or reprint, and a sentence for screen readers. */
  onChanged(record: CustodyRecord, announcement: string): void;
}
