import { useId, useState, type DragEvent } from 'react';
import { ROSTER_FILE_MAX_BYTES } from '../../../shared/contract/session-calls';
import { useI18n } from '../i18n/i18n-context';

export interface PickedFile {
  name: string;
  /** The file's bytes, base64: the core detects the encoding, which a text read here would already have guessed. */
  base64: string;
}

export type UnreadableFile = 'unreadable' | 'tooLarge';

/** Base64 in chunks, because spreading megabytes into one String.fromCharCode call overflows the stack. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

/**
 * A roster chosen with the file dialog or dropped on the zone, read as bytes right here: the
 * file never leaves the renderer except as the bytes the roster calls parse. A file over the
 * contract's limit is refused before it is read, with a reason a person can act on. Once a file
 * is chosen, its line takes the place of the drop hint.
 */
interface RosterFilePickerProps {
  /** The chosen file's line ("File: …", "Reading …"), shown where the drop hint was. */
  status: string | null;
  onPicked(file: PickedFile): void;
  onUnreadable(problem: UnreadableFile): void;
}

export function RosterFilePicker({ status, onPicked, onUnreadable }: RosterFilePickerProps) {
  const { t } = useI18n();
  const inputId = useId();
  const [dragging, setDragging] = useState(false);

  async function read(file: File | undefined) {
    if (!file) return;
    if (file.size > ROSTER_FILE_MAX_BYTES) {
      onUnreadable('tooLarge');
      return;
    }
    try {
      onPicked({ name: file.name, base64: await base64Of(file) });
    } catch {
      onUnreadable('unreadable');
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
        // Excel saves "Unicode text" as .txt and tab-delimited exports come as .tsv.
        accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain"
        // Choosing the same file again after fixing it must read it again.
        onClick={(event) => {
          event.currentTarget.value = '';
        }}
        onChange={(event) => void read(event.target.files?.[0])}
      />
      {status && !dragging ? (
        <p className="dropzone__hint file-status">{status}</p>
      ) : (
        <p className="dropzone__hint" aria-hidden="true">
          {dragging ? t('roster.dropZoneActive') : t('roster.dropZone')}
        </p>
      )}
    </div>
  );
}
