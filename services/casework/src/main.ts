import { CaseworkConfig, loadConfig } from '@continuum/config';
import { createLogger, runService } from '@continuum/log';
import { startCaseworkService } from './casework-service';

runService('casework', (log) => startCaseworkService(loadConfig(CaseworkConfig), log), createLogger('casework'));
