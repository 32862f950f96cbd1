import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { dataConverter } from '@continuum/temporal';
import { readTestSystem } from '../harness/system-file';
import { RECORDING_PAYLOAD_KEY, RECORDING_PAYLOAD_KEY_ID } from '../histories/recording-key';
import { PATCHES } from '@continuum/workflows';

const RECORDED = join(__dirname, '..', 'histories', 'recorded');

/**
 * Every recorded history replays against today's workflow code without a nondeterminism error: cases
 * started by older code keep running after a deploy. Record new ones with `npm run -s record:histories`.
 */
describe('recorded case and conference histories replay with the current workflow code', () => {
  const files = readdirSync(RECORDED)
    .filter((f) => f.endsWith('.json'))
    .sort();

  it('has histories of both programmes, of the first version and of the current one', () => {
    expect(files).toEqual(expect.arrayContaining(['v1-hiv-to-support-planning.json', 'v1-abandonment-to-support-planning.json']));
    expect(files.filter((f) => f.startsWith('v2-hiv'))).not.toHaveLength(0);
    expect(files.filter((f) => f.startsWith('v2-abandonment'))).not.toHaveLength(0);
    // A case that convened a conference, and the conference itself (a workflow of its own type).
    expect(files).toEqual(expect.arrayContaining(['v3-abandonment-urgent-conference-case.json', 'v3-abandonment-urgent-conference.json']));
    // Completions that answer once the case has reacted, up to a checkpoint (patch completion-answers-reaction).
    expect(files).toEqual(expect.arrayContaining(['v4-hiv-first-run.json']));
    // Every kind of Update, with handlers doing the work (before patch one-inbox) and with the main loop doing it.
    expect(files).toEqual(expect.arrayContaining(['v4-hiv-every-update.json', 'v5-hiv-every-update.json']));
  });

  it('has a history of every patch of caseFollowUp that a case takes today', () => {
    const marked = new Set<string>();
    for (const file of files) {
      const { events } = JSON.parse(readFileSync(join(RECORDED, file), 'utf8')) as {
        events: Array<{ markerRecordedEventAttributes?: { markerName: string; details?: Record<string, { payloads?: Array<{ data: string }> }> } }>;
      };
      for (const marker of events.map((e) => e.markerRecordedEventAttributes).filter((m) => m?.markerName === 'core_patch')) {
        for (const payload of Object.values(marker!.details ?? {}).flatMap((d) => d.payloads ?? []))
          marked.add((JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as { id: string }).id);
      }
    }
    // The patches a new case of either programme goes through (the programme attribute's is the conference's).
    expect([...marked].sort()).toEqual(
      expect.arrayContaining([PATCHES.fullAlgorithm, PATCHES.conferences, PATCHES.completionAnswers, PATCHES.oneInbox].sort()),
    );
  });

  it.each(files)('%s', async (file) => {
    await replay(JSON.parse(readFileSync(join(RECORDED, file), 'utf8')), file.replace(/\.json$/, ''));
  });

  // The negative control: replay does compare what the code does with what the history says.
  it('fails on a history the code would not have written (its first activity renamed)', async () => {
    const json = JSON.parse(readFileSync(join(RECORDED, 'v4-hiv-first-run.json'), 'utf8')) as {
      events: Array<{ activityTaskScheduledEventAttributes?: { activityType: { name: string } } }>;
    };
    const first = json.events.find((e) => e.activityTaskScheduledEventAttributes)!.activityTaskScheduledEventAttributes!;
    expect(first.activityType.name).toBe('referralFacts'); // a case first reads its referral's facts
    first.activityType.name = 'recordStage';
    await expect(replay(json, 'tampered')).rejects.toMatchObject({ name: 'DeterminismViolationError' });
  });
});

function replay(json: unknown, workflowId: string): Promise<void> {
  return Worker.runReplayHistory(
    {
      workflowBundle: { codePath: readTestSystem().workflowBundlePath },
      dataConverter: dataConverter({ PAYLOAD_KEY: RECORDING_PAYLOAD_KEY, PAYLOAD_KEY_ID: RECORDING_PAYLOAD_KEY_ID }),
    },
    historyFromJSON(json),
    workflowId,
  );
}
