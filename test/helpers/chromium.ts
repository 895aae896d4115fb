import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; .ci/run installs it. Locally the browser tests are skipped, loudly, without it. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Chromium is there; throws on CI (`CI` set), where it must be, and warns elsewhere. */
export function chromiumAvailable(what: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available && process.env.CI) throw new Error(`Chromium is required on CI but missing at ${CHROMIUM}`);
  if (!available) console.warn(`${what} skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return available;
}

/** Chromium headless, offline-minded: nothing fetched from elsewhere but what the page asks. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      // performance.memory with exact figures, for the screens' heap bound.
      '--enable-precise-memory-info',
    ],
  });
}
