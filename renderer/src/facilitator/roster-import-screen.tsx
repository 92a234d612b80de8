import { useState } from 'react';
import { ROSTER_FILE_MAX_BYTES } from '../../../shared/contract/session-calls';
import type { RosterPreview as Preview, Session } from '../../../shared/domain/session';
import { ErrorNotice } from '../app/error-notice';
import { ScreenHeading } from '../app/screen-heading';
import { useI18n } from '../i18n/i18n-context';
import { useAction } from '../kiosk/use-call';
import { RosterFilePicker, type PickedFile, type UnreadableFile } from './roster-file-picker';
import { RosterPreview } from './roster-preview';

interface ImportResult {
  imported: number;
  rejected: number;
}

/** Roster import in two steps: preview (nothing saved, every rejected line explained), then import. */
export function RosterImportScreen({ session, training, onDone }: { session: Session; training: boolean; onDone(): void }) {
  const { t, tn } = useI18n();
  const preview = useAction('roster.preview');
  const importRoster = useAction('roster.import');
  const loadTraining = useAction('roster.loadTraining');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [unreadable, setUnreadable] = useState<UnreadableFile | null>(null);
  const [checked, setChecked] = useState<Preview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  async function onPicked(picked: PickedFile) {
    setFile(picked);
    setUnreadable(null);
    setChecked(null);
    setResult(null);
    importRoster.clearError();
    setChecked(await preview.run({ sessionId: session.id, fileBase64: picked.base64 }));
  }

  /** An unreadable choice also drops the file before it, so "Import" never imports a file no longer shown. */
  function onUnreadable(problem: UnreadableFile) {
    setFile(null);
    setChecked(null);
    setUnreadable(problem);
  }

  async function runImport() {
    if (!file) return;
    const done = await importRoster.run({ sessionId: session.id, fileBase64: file.base64 });
    if (done) {
      setResult(done);
      setChecked(null);
    }
  }

  async function runTraining() {
    const done = await loadTraining.run({ sessionId: session.id });
    if (done) {
      setResult(done);
      setChecked(null);
      setFile(null);
    }
  }

  return (
    <section className={checked ? 'screen screen--fill' : 'screen'} aria-labelledby="roster-title">
      <ScreenHeading id="roster-title">{t('roster.title')}</ScreenHeading>
      <p className="screen__intro">{t('roster.intro')}</p>

      {result ? (
        <div className="notice notice--success" role="status">
          <p>
            {tn('roster.imported', result.imported)}
            {result.rejected > 0 ? ` ${tn('roster.importedRejected', result.rejected)}` : null}
          </p>
          <div className="actions">
            <button type="button" className="button button--primary" onClick={onDone}>
              {t('roster.goToBoard')}
            </button>
          </div>
        </div>
      ) : null}

      {/* While a file's preview shows, the training roster steps aside: the rows get the display. */}
      <div className="roster__sources">
        <RosterFilePicker
          status={file ? (preview.pending ? t('roster.reading', { file: file.name }) : t('roster.fileChosen', { file: file.name })) : null}
          onPicked={(picked) => void onPicked(picked)}
          onUnreadable={onUnreadable}
        />
        {training && !checked ? (
          <div className="panel panel--training roster__training">
            <div>
              <h2 className="panel__title">{t('roster.trainingTitle')}</h2>
              <p>{t('roster.trainingIntro')}</p>
            </div>
            <button type="button" className="button" onClick={() => void runTraining()} disabled={loadTraining.pending}>
              {loadTraining.pending ? t('common.working') : t('roster.loadTraining')}
            </button>
          </div>
        ) : null}
      </div>
      {unreadable ? (
        <p className="notice notice--error" role="alert">
          {unreadable === 'tooLarge' ? t('roster.tooLarge', { max: ROSTER_FILE_MAX_BYTES / (1024 * 1024) }) : t('roster.notCsv')}
        </p>
      ) : null}

      <ErrorNotice error={preview.error ?? importRoster.error ?? loadTraining.error} />

      {checked ? <RosterPreview preview={checked} importing={importRoster.pending} onImport={() => void runImport()} /> : null}
    </section>
  );
}
