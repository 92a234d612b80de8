import { useState } from 'react';
import type { PasskeyOffer } from '../../../shared/domain/journey';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n-context';

const platforms = ['iphone', 'android', 'windows', 'mac'] as const;
type Platform = (typeof platforms)[number];

const names: Record<Platform, MessageKey> = {
  iphone: 'passkey.platform.iphone',
  android: 'passkey.platform.android',
  windows: 'passkey.platform.windows',
  mac: 'passkey.platform.mac',
};
const hints: Record<Platform, MessageKey> = {
  iphone: 'passkey.hint.iphone',
  android: 'passkey.hint.android',
  windows: 'passkey.hint.windows',
  mac: 'passkey.hint.mac',
};

/** What to do on the attendee's own device: the IdP's steps, then the device's, one device at a time. */
export function PlatformHints({ kind }: { kind: PasskeyOffer['kind'] }) {
  const { t } = useI18n();
  const [platform, setPlatform] = useState<Platform>('iphone');
  return (
    <div className="platform-hints">
      <h2 className="panel__title">{t('passkey.stepsTitle')}</h2>
      <p>{t(`passkey.steps.${kind}`)}</p>
      <fieldset className="platform-hints__choice">
        <legend>{t('passkey.deviceLegend')}</legend>
        <div className="choices choices--inline">
          {platforms.map((p) => (
            <label className="check" key={p}>
              <input type="radio" name="platform" value={p} checked={platform === p} onChange={() => setPlatform(p)} />
              <span>{t(names[p])}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="platform-hints__text" data-platform={platform}>
        {t(hints[platform])}
      </p>
    </div>
  );
}
