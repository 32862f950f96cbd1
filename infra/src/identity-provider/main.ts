import { IdentityProviderConfig, loadConfig } from '@continuum/config';
import { createLogger, runService } from '@continuum/log';
import { startIdentityService } from './identity-service';

runService('identity', (log) => startIdentityService(loadConfig(IdentityProviderConfig), log), createLogger('identity'));
