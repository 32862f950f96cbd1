import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import globalTeardown from '../harness/global-teardown';
import { startTestSystem } from '../harness/global-setup';
import { SYSTEM_FILE_ENV } from '../harness/system-file';
import { openTestSystem } from '../harness/system';
import { RECORDING_PAYLOAD_KEY } from './recording-key';
import { SCENARIOS } from './scenarios';

/**
 * Records the event histories the replay test replays: each scenario drives a case through the real system
 * with the current workflow code, and its history is written to test/histories/recorded/<name>.json.
 * Run it before changing workflow code in a way that needs `patched`, and commit the new files:
 *   npm run -s record:histories [scenario names...]
 */
async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const scenarios = SCENARIOS.filter((s) => wanted.length === 0 || wanted.includes(s.name));
  if (scenarios.length === 0) throw new Error(`no scenario named ${wanted.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const system = await startTestSystem({ payloadKey: RECORDING_PAYLOAD_KEY });
  process.env[SYSTEM_FILE_ENV] = join(system.runDir, 'system.json');
  const t = await openTestSystem();
  const outDir = join(__dirname, 'recorded');
  mkdirSync(outDir, { recursive: true });
  try {
    for (const scenario of scenarios) {
      process.stderr.write(`[record] ${scenario.name} …\n`);
      const ran = await scenario.run(t);
      const recordings = Array.isArray(ran)
        ? ran.map((r) => ({ ...r, runId: undefined }))
        : [{ name: scenario.name, ...(typeof ran === 'string' ? { workflowId: ran, runId: undefined } : ran) }];
      for (const { name, workflowId, runId } of recordings) {
        const history = await t.temporal.workflow.getHandle(workflowId, runId).fetchHistory();
        const file = join(outDir, `${name}.json`);
        writeFileSync(file, `${historyToJSON(history)}\n`);
        process.stderr.write(`[record] ${name}: ${history.events?.length ?? 0} events → ${file}\n`);
      }
    }
  } finally {
    await t.close();
    await globalTeardown();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
