import { splitDocument } from '../documents/split-document';
import { detectLanguage, type Language, languageOfTag } from './languages';
import { LexicalIndex } from './lexical-index';
import { terms, words } from './text-analysis';

describe('languages', () => {
  it('stems each language with its Snowball stemmer, so inflections meet', () => {
    expect(terms('Bestellungen', 'de')).toEqual(terms('Bestellung', 'de'));
    expect(terms('commandes livrées', 'fr')).toEqual(terms('commande livrée', 'fr'));
    expect(terms('pedidos', 'es')).toEqual(terms('pedido', 'es'));
    // English keeps Porter2, and a German word is not stemmed as English.
    expect(terms('lamps', 'en')).toEqual(['lamp']);
    expect(terms('Bestellungen', 'en')).not.toEqual(terms('Bestellung', 'en'));
  });

  it("drops each language's stop words and question filler", () => {
    expect(terms('Wie kann ich bitte meine Lieferadresse ändern?', 'de')).toEqual(terms('Lieferadresse ändern', 'de'));
    expect(terms('Bonjour, comment puis-je changer mon adresse de livraison ?', 'fr')).toEqual(
      terms('changer adresse livraison', 'fr'),
    );
    expect(terms('Hola, ¿cómo puedo cambiar la dirección de envío, por favor?', 'es')).toEqual(
      terms('cambiar dirección envío', 'es'),
    );
  });

  it('takes French elision off before stemming', () => {
    expect(terms("l'adresse d’expédition", 'fr')).toEqual(terms('adresse expédition', 'fr'));
  });

  it('tells the language of a question by its stop words', () => {
    const lang = (text: string, opts = {}) => detectLanguage(words(text), opts);
    expect(lang('Wie setze ich mein Passwort zurück?')).toBe('de');
    expect(lang('Comment réinitialiser mon mot de passe ?')).toBe('fr');
    expect(lang('¿Cómo cambio mi contraseña?')).toBe('es');
    expect(lang('How do I reset my password?')).toBe('en');
  });

  it('leaves a tie or too little evidence to the hint, or undecided', () => {
    const lang = (text: string, opts = {}) => detectLanguage(words(text), opts);
    // "la" and "de" are French and Spanish alike.
    expect(lang('Cambiar la dirección de envío')).toBeUndefined();
    expect(lang('Cambiar la dirección de envío', { hint: 'es' })).toBe('es');
    // One German stop word in an English question is not enough.
    expect(lang('battery die fast', { minEvidence: 2 })).toBeUndefined();
    expect(lang('battery die fast', { minEvidence: 2, hint: 'en' })).toBeUndefined();
    expect(lang('password reset', { hint: 'fr' })).toBe('fr');
    expect(lang('Wie geht das?', { among: ['en', 'fr'] })).toBeUndefined();
  });

  it('indexes each article in its language, and reads a question in the one it is written in', () => {
    const doc = (path: string, title: string, body: string, lang?: Language) =>
      splitDocument({ path, title, body, version: '1', bytes: body.length, updatedAt: '', ...(lang ? { lang } : {}) });
    const index = new LexicalIndex();
    const de = doc(
      'de/r.md',
      'Artikel zurücksenden',
      'Für eine Rücksendung haben Sie 30 Tage Zeit, ab der Lieferung an Sie.',
    );
    const en = doc('en/r.md', 'Return an item', 'You have 30 days from the delivery to return an item to us.');
    const es = doc('es/r.md', 'Devolver', 'The return policy', 'es');
    expect([de[0].lang, en[0].lang, es[0].lang]).toEqual(['de', 'en', 'es']);
    for (const d of [de, en, es]) index.setDocument(d[0].path, d);
    // "Rücksendungen" meets "Rücksendung" only through the German stemmer.
    expect(index.search('Rücksendungen', 3, { language: 'de' }).map((h) => h.chunk.path)).toEqual(['de/r.md']);
    expect(index.search('Rücksendungen', 3, { language: 'en' })).toEqual([]);
    // A question that says its language wins over the hint.
    expect(index.queryLanguage('Wie lange habe ich für eine Rücksendung?', 'en')).toBe('de');
    expect(index.queryLanguage('How long do I have?', 'de')).toBe('en');
    // A language no article is in: the articles' languages decide.
    expect(index.queryLanguage('Rücksendung', 'fr')).toBe(index.queryLanguage('Rücksendung'));
    index.removeDocument('en/r.md');
    index.removeDocument('es/r.md');
    expect(index.queryLanguage('How long do I have?', 'en')).toBe('de');
  });

  it('reads BCP 47 tags by their primary language', () => {
    expect(languageOfTag('fr-CA')).toBe('fr');
    expect(languageOfTag('DE_at')).toBe('de');
    expect(languageOfTag('it-IT')).toBeUndefined();
    expect(languageOfTag(undefined)).toBeUndefined();
  });
});
