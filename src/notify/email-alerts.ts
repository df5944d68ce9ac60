import type { Transporter } from 'nodemailer';
import type { Logger } from '../logger';

/**
 * Alert emails through SMTP_URL (`smtp://user:pass@host:587`, or `smtps://` for implicit TLS),
 * from SMTP_FROM. Plain text only: visitors' words never become markup in an inbox.
 */
export class EmailAlerts {
  private transport: Transporter | undefined;

  constructor(private readonly o: { smtpUrl: string; from: string; logger: Logger }) {}

  async send(to: string[], subject: string, text: string): Promise<boolean> {
    if (to.length === 0) return false;
    try {
      this.transport ??= (await import('nodemailer')).createTransport(this.o.smtpUrl);
      await this.transport.sendMail({ from: this.o.from, to, subject: oneLine(subject), text });
      return true;
    } catch (err) {
      this.o.logger.warn({ err: { message: (err as Error).message }, recipients: to.length }, 'alert email failed');
      return false;
    }
  }

  close(): void {
    this.transport?.close();
  }
}

/** A subject is one line: a visitor's name cannot add headers. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ').slice(0, 200);
}
