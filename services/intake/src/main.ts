import { IntakeConfig, loadConfig } from '@continuum/config';
import { createLogger, runService } from '@continuum/log';
import { startIntakeService } from './intake-service';

runService('intake', (log) => startIntakeService(loadConfig(IntakeConfig), log), createLogger('intake'));
