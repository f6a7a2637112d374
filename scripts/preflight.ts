// First step of `npm test`: stop at once, with one line saying what to install, when something
// the suite needs is missing — instead of the e2e suite failing minutes later without saying why.
import { findChromium, INSTALL_HINT } from './lib/chromium.ts';

try {
  if (!findChromium()) {
    console.error(`npm test: no Chromium for the e2e suite — ${INSTALL_HINT}.`);
    process.exit(1);
  }
} catch (err) {
  console.error(`npm test: ${(err as Error).message}.`);
  process.exit(1);
}
