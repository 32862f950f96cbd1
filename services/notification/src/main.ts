import { loadConfig, NotificationConfig } from '@continuum/config';
import { createLogger, runService } from '@continuum/log';
import { startNotificationService } from './notification-service';

runService('notification', (log) => startNotificationService(loadConfig(NotificationConfig), log), createLogger('notification'));
