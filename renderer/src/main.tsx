import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createKioskClient } from '../../shared/contract/client';
import { AccessProvider } from './access/access-context';
import { App } from './app/app';
import { StartupProblem } from './app/startup-problem';
import { I18nProvider } from './i18n/i18n-context';
import { loadLanguage } from './i18n/languages';
import { KioskProvider } from './kiosk/kiosk-context';
import { asKioskError } from './kiosk/use-call';
import { waitForBridge } from './kiosk/wait-for-bridge';
import './styles/base.css';
import './styles/layout.css';
import './styles/forms.css';
import './styles/tables.css';
import './styles/facilitator.css';
import './styles/badge.css';
import './styles/status.css';
import './styles/custody.css';
import './styles/helpdesk.css';
import './styles/fleet.css';
import './styles/journey.css';
import './styles/access.css';

async function boot(container: HTMLElement): Promise<void> {
  const root = createRoot(container);
  const bridge = await waitForBridge();
  if (!bridge) {
    root.render(<StartupProblem locale="en" error={null} />);
    return;
  }
  const kiosk = createKioskClient(bridge);
  try {
    const [info, session, access] = await Promise.all([kiosk.call('app.info', {}), kiosk.call('session.current', {}), kiosk.call('access.state', {})]);
    await loadLanguage(info.locale);
    root.render(
      <StrictMode>
        <KioskProvider client={kiosk}>
          <I18nProvider initialLocale={info.locale}>
            <AccessProvider initial={access}>
              <App info={info} initialSession={session} />
            </AccessProvider>
          </I18nProvider>
        </KioskProvider>
      </StrictMode>,
    );
  } catch (error) {
    root.render(<StartupProblem locale="en" error={asKioskError(error)} />);
  }
}

const container = document.getElementById('root');
if (container) void boot(container);
