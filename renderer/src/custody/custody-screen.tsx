import { useCallback, useRef, useState } from 'react';
import { useAccess } from '../access/access-context';
import type { CustodyRecord, CustodySource } from '../../../shared/domain/custody';
import { ErrorNotice } from '../app/error-notice';
import { fullName } from '../app/full-name';
import { ScreenHeading } from '../app/screen-heading';
import { useBadgeReader } from '../badge/use-badge-reader';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { useEvent } from '../kiosk/use-event';
import { EnvelopeDetail } from './envelope-detail';
import { EnvelopeList } from './envelope-list';
import { EnvelopeLookupForm } from './envelope-lookup-form';
import { KeyStockSummary } from './key-stock-summary';
import { stateKeys } from './envelope-state-names';
import { message } from '../../../shared/contract/messages';

type Shown = { kind: 'none' } | { kind: 'found'; record: CustodyRecord; lookup: number } | { kind: 'unknown'; query: string; source: CustodySource };

/** What to try after an unknown code, by where the kiosk looked. */
const unknownNext = { kiosk: 'custody.unknown.next', fleet: 'custody.unknown.nextFleet', kioskOnly: 'custody.fleet.unreachable' } as const;

/**
 * IT's envelope custody: a label scanned anywhere on the screen (keyboard-wedge, like the
 * badge reader) or typed shows that envelope with its allowed moves; the list below shows
 * them all by state and session. Moves and reprints are recorded under the unlocked facilitator.
 */
export function CustodyScreen() {
  const { t, say } = useI18n();
  const find = useAction('custody.find');
  const [shown, setShown] = useState<Shown>({ kind: 'none' });
  const { state: access } = useAccess();
  const [announcement, setAnnouncement] = useState('');
  const lookups = useRef(0);
  const runFind = find.run;

  const announceRecord = useCallback(
    (record: CustodyRecord) => t('custody.found', { sealNumber: record.envelope.sealNumber, name: fullName(record.owner), state: t(stateKeys[record.envelope.state]) }),
    [t],
  );

  const lookUp = useCallback(
    async (code: string) => {
      const result = await runFind({ code });
      if (!result) return;
      if (result.kind === 'found') {
        lookups.current += 1;
        setShown({ kind: 'found', record: result.record, lookup: lookups.current });
        setAnnouncement(announceRecord(result.record));
      } else {
        setShown({ kind: 'unknown', query: result.query, source: result.source });
        setAnnouncement(say(message('custody.notFound', { code: result.query })));
      }
    },
    [runFind, announceRecord, say],
  );

  useBadgeReader(!find.pending, (code) => void lookUp(code));

  // A move made elsewhere (another screen, the journey sealing, another kiosk found by a refused move) shows here without a new scan.
  const shownCode = shown.kind === 'found' ? shown.record.envelope.code : null;
  useEvent('custody.changed', ({ code }) => {
    if (code !== shownCode) return;
    void runFind({ code }).then((result) => {
      if (result?.kind === 'found') setShown((old) => (old.kind === 'found' ? { ...old, record: result.record } : old));
    });
  });

  function changed(record: CustodyRecord, message: string) {
    setShown((old) => (old.kind === 'found' ? { ...old, record } : old));
    setAnnouncement(message);
  }

  return (
    <section className="screen screen--wide screen--fill custody" aria-labelledby="custody-title">
      <div className="custody__head">
        <div>
          <ScreenHeading id="custody-title">{t('custody.title')}</ScreenHeading>
          <p className="screen__intro">{t('custody.intro')}</p>
        </div>
        <div>
          <EnvelopeLookupForm looking={find.pending} onSubmit={(code) => void lookUp(code)} />
          {access.facilitator ? <p className="custody__staff">{t('custody.recordedAs', { name: access.facilitator.name })}</p> : null}
        </div>
      </div>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      <KeyStockSummary />
      <ErrorNotice error={find.error} />
      {shown.kind === 'unknown' ? (
        <div className="notice notice--warning custody__unknown" data-testid="custody-unknown">
          <p className="notice__title">{t('custody.unknown.title')}</p>
          <p>{say(message('custody.notFound', { code: shown.query }))}</p>
          <p>{t(unknownNext[shown.source])}</p>
        </div>
      ) : null}
      {shown.kind === 'found' ? <EnvelopeDetail key={shown.lookup} record={shown.record} onChanged={changed} /> : null}
      <EnvelopeList onShow={(code) => void lookUp(code)} />
    </section>
  );
}
