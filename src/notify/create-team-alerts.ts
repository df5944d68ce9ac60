import type { Config } from '../config';
import type { Logger } from '../logger';
import { EmailAlerts } from './email-alerts';
import { TeamAlerts, type TeamAlertsOptions } from './team-alerts';
import { Webhook } from './webhook';

/** Team alerts as configured: email with SMTP_URL, the webhook with WEBHOOK_URL, or neither. */
export function createTeamAlerts(
  config: Pick<Config, 'alerts'>,
  deps: Pick<TeamAlertsOptions, 'agents' | 'online' | 'lastQuestion'> & { logger: Logger },
): { alerts: TeamAlerts; email?: EmailAlerts; close(): Promise<void> } {
  const logger = deps.logger.child({ module: 'alerts' });
  const { smtpUrl, smtpFrom, webhookUrl, webhookSecret, publicUrl } = config.alerts;
  const email = smtpUrl ? new EmailAlerts({ smtpUrl, from: smtpFrom, logger }) : undefined;
  const webhook = webhookUrl ? new Webhook({ url: webhookUrl, secret: webhookSecret, logger }) : undefined;
  const alerts = new TeamAlerts({ ...deps, email, webhook, publicUrl, logger });
  return {
    alerts,
    email,
    async close() {
      await alerts.idle();
      email?.close();
    },
  };
}
