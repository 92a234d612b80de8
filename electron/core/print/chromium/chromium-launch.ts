import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { CdpPipe } from './cdp-pipe';
import { makePrintFolder, removePrintFolder } from './print-folders';

/** A headless Chromium this process started, and the pipe to talk to it. */
export interface ChromiumBrowser {
  cdp: CdpPipe;
  /** Resolves once Chromium has exited and its folder is gone, whoever ended it. */
  exited: Promise<void>;
  /** Asks Chromium to quit; kills it (and its helpers) when it has not within a few seconds. */
  close(): Promise<void>;
  /** Kills it (and its helpers) at once: it hangs. */
  kill(): void;
}

/** Chromium that cannot be started at all (not installed at that path). */
export class ChromiumMissing extends Error {}

/** Chromium that started but did not answer in time. */
export class ChromiumTimeout extends Error {}

/**
 * `work`, or ChromiumTimeout once `ms` have passed. Its timer also keeps the kiosk process alive
 * while Chromium works: the pipes to a warm, idle Chromium do not (see launchChromium).
 */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new ChromiumTimeout(`Chromium did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const closeGraceMs = 5_000;

/**
 * Switches as Puppeteer and Playwright start headless Chromium for automation, trimmed to a
 * browser that only ever turns our own HTML into PDF: no network services, no GPU, no
 * throttling of a page nobody looks at (the warm page must answer at once after an idle hour).
 */
function chromiumArgs(profile: string): string[] {
  return [
    '--headless',
    '--remote-debugging-pipe',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    '--disable-renderer-backgrounding',
    '--disable-breakpad',
    '--disable-component-update',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-sync',
    '--metrics-recording-only',
    '--no-first-run',
    '--no-default-browser-check',
    '--password-store=basic',
    '--mute-audio',
    `--user-data-dir=${profile}`,
    'about:blank',
  ];
}

/**
 * Starts Chromium in a new private folder (see print-folders.ts) and waits until it answers on
 * the DevTools pipe. The folder is removed whenever Chromium exits: closed, killed or crashed.
 */
export async function launchChromium(executable: string, tempRoot: string, timeoutMs: number): Promise<ChromiumBrowser> {
  const dir = await makePrintFolder(tempRoot);
  let child: ChildProcess;
  try {
    child = spawn(executable, chromiumArgs(join(dir, 'profile')), {
      // Chromium's own output is not read: noise (D-Bus) at best, and it could echo a page.
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
      // Its own process group, so a kill reaches its zygote and renderers too.
      detached: true,
      env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir, XDG_DATA_HOME: dir },
    });
  } catch (error) {
    await removePrintFolder(dir);
    throw error;
  }
  // Node makes the extra stdio pipes sockets.
  const toChromium = child.stdio[3] as Socket;
  const fromChromium = child.stdio[4] as Socket;
  // A pipe that is of no more use takes its Chromium with it, so the next print starts a new one.
  const cdp = new CdpPipe(toChromium, fromChromium, () => kill());
  const started = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' || error.code === 'EACCES' ? new ChromiumMissing(error.message) : error));
  });
  let running = true;
  const exited = new Promise<void>((resolve) => {
    const gone = () => {
      running = false;
      cdp.close(new Error('Chromium exited'));
      removePrintFolder(dir).then(resolve, resolve);
    };
    child.once('exit', gone);
    child.once('error', gone);
  });
  // An idle warm browser does not keep the kiosk process alive (a print in flight has its timer);
  // when the kiosk process ends, however, the pipe closes and Chromium quits by itself.
  child.unref();
  toChromium.unref();
  fromChromium.unref();

  // Never after it has exited: by then its process id may be another program's.
  function kill(): void {
    try {
      if (running && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  try {
    await withTimeout(
      started.then(() => cdp.send('Browser.getVersion', {}, z.object({ product: z.string() }))),
      timeoutMs,
    );
  } catch (error) {
    kill();
    await exited;
    throw error;
  }
  return {
    cdp,
    exited,
    kill,
    async close() {
      const grace = setTimeout(kill, closeGraceMs);
      await cdp.send('Browser.close', {}, z.unknown()).catch(() => kill());
      await exited;
      clearTimeout(grace);
    },
  };
}
