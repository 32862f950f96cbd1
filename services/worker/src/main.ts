import { loadConfig, WorkerConfig } from '@continuum/config';
import { createLogger, runService } from '@continuum/log';

import { startWorker } from './worker';

runService('worker', (log) => startWorker(loadConfig(WorkerConfig), log), createLogger('worker'));
