import type { Replies } from './replies';

export const de: Replies = {
  dateLocale: 'de-DE',
  quoting: (where, n) => `Das steht in unserem Hilfeartikel ${where} [${n}]:`,
  alsoSee: (title, n) => `Hilfreich ist vielleicht auch **${title}** [${n}].`,
  decline:
    'Leider habe ich dazu nichts in unseren Hilfeartikeln gefunden, und ich möchte nicht raten. ' +
    'Sie können Ihre Frage anders formulieren oder **Mit einem Menschen sprechen** wählen, dann hilft Ihnen jemand aus unserem Team.',
  greeting: (product) =>
    `Hallo! Ich bin der virtuelle Assistent${product ? ` von ${product}` : ''}. Stellen Sie mir eine Frage, ich antworte aus unseren Hilfeartikeln.`,
  thanks: 'Gern geschehen! Kann ich sonst noch helfen?',
  goodbye: 'Auf Wiedersehen und danke für Ihren Besuch! Kommen Sie jederzeit wieder.',
  identity:
    'Ich bin ein automatischer Assistent und antworte aus unseren Hilfeartikeln. Wenn Sie lieber mit einem Menschen sprechen, wählen Sie jederzeit **Mit einem Menschen sprechen**.',
  wellbeing: 'Mir geht es gut, danke der Nachfrage! Wobei kann ich helfen?',
  waiting: (position, minutes) =>
    'Jemand aus unserem Team wird sich diesem Gespräch anschließen.' +
    (position <= 1 ? ' Sie sind als Nächstes dran.' : ` Sie sind Nummer ${position} in der Warteschlange.`) +
    (minutes ? ` Die Wartezeit beträgt etwa ${minutes} Minute${minutes === 1 ? '' : 'n'}.` : '') +
    ' Bis dahin beantworte ich gern weiter Ihre Fragen.',
  offline: (backAt) =>
    `Gerade ist niemand aus unserem Team erreichbar.${backAt ? ` Wir sind wieder da: ${backAt}.` : ''} Hinterlassen Sie Ihre E-Mail-Adresse und eine Nachricht, wir antworten per E-Mail.`,
  messageLeft: (email, backAt) =>
    `Danke. Ihre Nachricht liegt bei unserem Team, wir antworten an ${email} per E-Mail${backAt ? `, sobald wir wieder da sind (${backAt})` : ''}.`,
  timedOut:
    'Leider konnte niemand aus unserem Team rechtzeitig dazukommen. Hinterlassen Sie Ihre E-Mail-Adresse und eine Nachricht, wir antworten per E-Mail. Ihre Fragen beantworte ich hier weiterhin gern.',
  agentJoined: (name) => `${name} ist dem Gespräch beigetreten.`,
  handedBack: (name) => `${name} hat das Gespräch an den Assistenten zurückgegeben.`,
  closed: 'Dieses Gespräch wurde beendet. Schreiben Sie jederzeit wieder, um ein neues zu beginnen.',
  transcriptSubject: (product) => `Ihr Gespräch mit ${product ?? 'uns'}`,
  transcriptHeading: (product, started) => `Ihr Gespräch mit ${product ?? 'uns'}, begonnen am ${started}.`,
  speaker: { visitor: 'Sie', bot: 'Assistent', agent: 'Mitarbeiter' },
  source: 'Quelle',
};
