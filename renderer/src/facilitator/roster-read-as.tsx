import type { RosterDelimiter, RosterEncoding, RosterPreview } from '../../../shared/domain/session';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';

const encodingKeys: Record<RosterEncoding, MessageKey> = {
  'utf-8': 'roster.encoding.utf8',
  'utf-8-bom': 'roster.encoding.utf8Bom',
  'utf-16le': 'roster.encoding.utf16le',
  'utf-16be': 'roster.encoding.utf16be',
  'windows-1252': 'roster.encoding.windows1252',
};

const delimiterKeys: Record<RosterDelimiter, MessageKey> = {
  ',': 'roster.delimiter.comma',
  ';': 'roster.delimiter.semicolon',
  '\t': 'roster.delimiter.tab',
};

/**
 * How the file was read, so a facilitator who sees odd letters in the names below knows which
 * encoding the kiosk took the file for, and can export it again as UTF-8.
 */
export function RosterReadAs({ preview }: { preview: RosterPreview }) {
  const { t } = useI18n();
  return (
    <p className="muted" data-testid="roster-read-as">
      {t('roster.readAs', { encoding: t(encodingKeys[preview.encoding]), delimiter: t(delimiterKeys[preview.delimiter]) })}
    </p>
  );
}
