/**
 * How the console gets an agent's attention when a visitor needs a person: a sound, a desktop
 * notification (with the browser's permission), the count in the tab's title and on its icon.
 * Muting silences the sound and the notifications; the count stays.
 */
const MUTED_KEY = 'answerdesk:alerts-muted';

export class Alerts {
  private audio: AudioContext | undefined;
  muted = localStorage.getItem(MUTED_KEY) === '1';

  /** The browser's answer so far: `default` until the agent is asked. */
  get permission(): NotificationPermission | 'unsupported' {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  async askPermission(): Promise<NotificationPermission | 'unsupported'> {
    if (typeof Notification === 'undefined') return 'unsupported';
    return Notification.requestPermission();
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    localStorage.setItem(MUTED_KEY, muted ? '1' : '0');
  }

  /** A sound and, when allowed, a desktop notification; clicking it brings the console to the conversation. */
  alert(title: string, body: string, onClick: () => void): void {
    if (this.muted) return;
    this.beep();
    if (this.permission !== 'granted') return;
    const n = new Notification(title, { body, tag: title, icon: '/favicon.ico' });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  }

  /** The number of waiting visitors in the tab's title and on its icon. */
  showCount(count: number): void {
    document.title = `${count ? `(${count}) ` : ''}Answerdesk console`;
    let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) {
      link = document.createElement('link');
      link.rel = 'icon';
      document.head.append(link);
    }
    link.href = count ? badgeIcon(count) : '/favicon.ico';
    link.dataset.count = String(count);
  }

  /** Two short tones, made here: no sound file to load or to block. */
  private beep(): void {
    try {
      this.audio ??= new AudioContext();
      const ctx = this.audio;
      for (const [at, freq] of [
        [0, 880],
        [0.18, 1175],
      ]) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, ctx.currentTime + at);
        gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + at + 0.15);
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + at);
        osc.stop(ctx.currentTime + at + 0.16);
      }
    } catch {
      // A browser that allows no sound before a click still shows the rest.
    }
  }
}

/** The console's icon with a red count on it, as a data URL. */
function badgeIcon(count: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = 32;
  canvas.height = 32;
  const g = canvas.getContext('2d');
  if (!g) return '/favicon.ico';
  g.fillStyle = '#2563eb';
  g.beginPath();
  g.roundRect(0, 0, 32, 32, 7);
  g.fill();
  g.fillStyle = '#dc2626';
  g.beginPath();
  g.arc(22, 10, 10, 0, 2 * Math.PI);
  g.fill();
  g.fillStyle = '#fff';
  g.font = 'bold 14px sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(count > 9 ? '9+' : String(count), 22, 11);
  return canvas.toDataURL('image/png');
}
