import { loadConfig, ReportingConfig } from '@continuum/config';
import { createLogger, runService } from '@continuum/log';
import { startReportingService } from './reporting-service';

runService('reporting', (log) => startReportingService(loadConfig(ReportingConfig), log), createLogger('reporting'));
