import { LOCALES } from '../../widget/src/i18n/locale';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { openingTime, replyLanguage } from './reply-language';

const TABLES = { en, fr, de, es };

describe('the server’s replies per language', () => {
  it('has a table for every language the widget speaks, naming its button as the widget does', () => {
    expect(Object.keys(TABLES).sort()).toEqual(Object.keys(LOCALES).sort());
    for (const [lang, replies] of Object.entries(TABLES)) {
      const button = `**${LOCALES[lang].talkToPerson}**`;
      expect(replies.decline).toContain(button);
      expect(replies.identity).toContain(button);
    }
  });

  it('fills every template, and no two languages say the same', () => {
    for (const replies of Object.values(TABLES)) {
      const filled = [
        replies.quoting('**T**', 1),
        replies.alsoSee('T', 2),
        replies.greeting('Acme'),
        replies.waiting(3, 5),
        replies.offline('Monday'),
        replies.messageLeft('a@example.com', undefined),
        replies.agentJoined('Ada'),
        replies.transcriptHeading('Acme', 'today'),
      ];
      for (const text of filled) expect(text).not.toMatch(/undefined|\$\{|\[object/);
      expect(filled[0]).toContain('[1]');
      expect(filled[3]).toContain('3');
      expect(filled[3]).toContain('5');
    }
    expect(new Set(Object.values(TABLES).map((r) => r.decline)).size).toBe(4);
  });

  it('answers in the language of the text when it says so, else in the visitor’s', () => {
    expect(replyLanguage('Wie setze ich mein Passwort zurück?', 'en-US')).toBe('de');
    expect(replyLanguage('Bitcoin?', 'es-MX')).toBe('es');
    expect(replyLanguage('Bitcoin?', 'it-IT')).toBe('en');
    expect(openingTime(de, '2026-12-07T08:00:00Z', 'Europe/Berlin')).toMatch(/^Montag, 09:00/);
  });
});
