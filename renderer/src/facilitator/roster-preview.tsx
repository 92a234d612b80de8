import type { RosterPreview as Preview } from '../../../shared/domain/session';
import { useI18n } from '../i18n/i18n-context';
import { AcceptedRowsTable, RejectedRowsTable } from './roster-preview-tables';
import { RosterReadAs } from './roster-read-as';

interface RosterPreviewProps {
  preview: Preview;
  importing: boolean;
  onImport(): void;
}

/**
 * What the file holds before anything is saved: the counts with the import beside them, then
 * the rows in a region of their own that scrolls, so a long file never pushes the import off
 * the display.
 */
export function RosterPreview({ preview, importing, onImport }: RosterPreviewProps) {
  const { t, tn } = useI18n();
  return (
    <section className="preview" aria-labelledby="preview-title">
      <h2 id="preview-title" className="preview__title">
        {t('roster.previewTitle')}
      </h2>
      <RosterReadAs preview={preview} />
      <div className="preview__bar">
        <div role="status" className="preview__counts">
          <p className="count count--ok">{tn('roster.acceptedCount', preview.accepted.length)}</p>
          <p className={preview.rejected.length > 0 ? 'count count--problem' : 'count'}>
            {preview.rejected.length > 0 ? tn('roster.rejectedCount', preview.rejected.length) : t('roster.noneRejected')}
          </p>
        </div>
        {preview.accepted.length > 0 ? (
          <button type="button" className="button button--primary" onClick={onImport} disabled={importing}>
            {importing ? t('common.working') : tn('roster.import', preview.accepted.length)}
          </button>
        ) : (
          <p className="notice notice--warning">{t('roster.nothingToImport')}</p>
        )}
      </div>
      <div className="preview__rows screen__fill" role="region" aria-label={t('roster.previewRows')} tabIndex={0}>
        {preview.rejected.length > 0 ? <RejectedRowsTable rows={preview.rejected} /> : null}
        {preview.accepted.length > 0 ? <AcceptedRowsTable rows={preview.accepted} /> : null}
      </div>
    </section>
  );
}
