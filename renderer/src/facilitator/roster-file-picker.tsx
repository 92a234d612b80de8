import { useId, useState, type DragEvent } from 'react';
import { useI18n } from '../i18n/i18n-context';

export interface PickedFile {
  name: string;
  text: string;
}

/**
 * A CSV chosen with the file dialog or dropped on the zone, read as text right here: the
 * file never leaves the renderer except as the text the roster calls parse.
 */
export function RosterFilePicker({ onPicked, onUnreadable }: { onPicked(file: PickedFile): void; onUnreadable(): void }) {
  const { t } = useI18n();
  const inputId = useId();
  const [dragging, setDragging] = useState(false);

  async function read(file: File | undefined) {
    if (!file) return;
    try {
      onPicked({ name: file.name, text: await file.text() });
    } catch {
      onUnreadable();
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void read(event.dataTransfer.files[0]);
  }

  return (
    <div
      className={dragging ? 'dropzone dropzone--active' : 'dropzone'}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label className="field__label" htmlFor={inputId}>
        {t('roster.fileLabel')}
      </label>
      <input
        id={inputId}
        className="dropzone__input"
        type="file"
        accept=".csv,text/csv"
        // Choosing the same file again after fixing it must read it again.
        onClick={(event) => {
          event.currentTarget.value = '';
        }}
        onChange={(event) => void read(event.target.files?.[0])}
      />
      <p className="dropzone__hint" aria-hidden="true">
        {dragging ? t('roster.dropZoneActive') : t('roster.dropZone')}
      </p>
    </div>
  );
}
