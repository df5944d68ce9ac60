import { SMTPServer } from 'smtp-server';
import { freePort } from './redis-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message: headers, a blank line, the body. */
  raw: string;
  subject: string;
  body: string;
}

/**
 * A real SMTP server on a free loopback port, for the alert emails: it requires the user and
 * password the URL carries, and keeps every message it is given.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  private server?: SMTPServer;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly user = 'alerts',
    private readonly pass = 's3cret-pass',
  ) {}

  async start(): Promise<string> {
    const port = await freePort();
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: false,
      logger: false,
      onAuth: (auth, _session, cb) =>
        auth.username === this.user && auth.password === this.pass
          ? cb(null, { user: auth.username })
          : cb(new Error('Invalid username or password')),
      onData: (stream, session, cb) => {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (d: string) => (raw += d));
        stream.on('end', () => {
          const [head, ...rest] = raw.split(/\r?\n\r?\n/);
          const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)$/im.exec(head)?.[1].replace(/\r?\n[ \t]/g, ' ') ?? '';
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            subject,
            body: quotedPrintable(rest.join('\n\n')),
          });
          for (const w of this.waiters.splice(0)) w();
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `smtp://${this.user}:${this.pass}@127.0.0.1:${port}`;
  }

  /** Resolves once `n` messages have arrived (or throws after `ms`). */
  async waitFor(n: number, ms = 8000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + ms;
    while (this.mails.length < n) {
      if (Date.now() > deadline) throw new Error(`only ${this.mails.length} of ${n} emails within ${ms} ms`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
    return this.mails;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Undoes quoted-printable encoding (soft line breaks, =XX bytes), as a mail client would. */
function quotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? /^[0-9A-F]{2}$/i.exec(joined.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(Number.parseInt(hex[0], 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
