/**
 * A child process for the concurrent-save test: `node save-worker.js CONFIG_DIR NAME ROUNDS START_AT_MS`.
 * Waits until START_AT_MS, then ROUNDS times: loads the settings, remembers dataset NAME-i, changes its own
 * setting (worker "a": datasetCacheLimit, others: sessionState.gain) and saves.
 */
import { AppSettings } from "../../src";

async function main(): Promise<void> {
  const [configDir, name, roundsText, startText] = process.argv.slice(2);
  const rounds = Number(roundsText);
  while (Date.now() < Number(startText)) await new Promise((r) => setTimeout(r, 1));
  for (let i = 1; i <= rounds; i++) {
    const settings = await AppSettings.load({ configDir });
    settings.addLoadedDataset({ id: `${name}-${i}`, path: `/data/${name}-${i}.seis`, name: `${name} ${i}` });
    if (name === "a") {
      settings.set("datasetCacheLimit", i);
      await settings.save();
    } else {
      await settings.saveSessionState({ gain: i });
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
