import { CodecConfig, loadConfig } from '@continuum/config';
import { createLogger, runService } from '@continuum/log';
import { startCodecService } from './codec-service';

runService('codec', (log) => startCodecService(loadConfig(CodecConfig), log), createLogger('codec'));
