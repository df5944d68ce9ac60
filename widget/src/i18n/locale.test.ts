import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { LOCALES, pickLocale } from './locale';

describe('the widget’s language', () => {
  it('takes data-locale, else the first browser language it has, else English', () => {
    expect(pickLocale('de', ['fr-FR'])).toBe(de);
    expect(pickLocale(undefined, ['fr-CA', 'en-US'])).toBe(fr);
    expect(pickLocale('xx', ['pt-BR', 'es-MX'])).toBe(es);
    expect(pickLocale(undefined, ['ja-JP'])).toBe(en);
    expect(pickLocale('  ES ', [])).toBe(es);
  });

  it('has every string in every language, none left in English by mistake', () => {
    const keys = Object.keys(en).sort();
    for (const [name, table] of Object.entries(LOCALES)) {
      expect([name, Object.keys(table).sort()]).toEqual([name, keys]);
      if (table === en) continue;
      for (const key of ['talkToPerson', 'writeMessage', 'waiting', 'greeting'] as const)
        expect([name, key, table[key] === en[key]]).toEqual([name, key, false]);
      expect(table.waitingFor(3)).toMatch(/3/);
      expect(table.stars(2)).toMatch(/2/);
    }
  });
});
