import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor, waitFor } from '../support/visitor-client';

const FIXTURES = path.resolve(__dirname, '../fixtures/multilingual');

/** A help center in four languages (two articles each), answered offline. */
describe('questions in French, German and Spanish', () => {
  let t: TestApp;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-languages-'));
    cpSync(FIXTURES, path.join(dir, 'knowledge'), { recursive: true });
    t = await startTestApp({ dir, env: { RATE_LIMIT_DISABLED: '1' } });
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t.close());

  async function visitor(locale?: string) {
    const v = await connectVisitor(t.url, locale ? { context: { locale } } : {});
    sockets.push(v.socket);
    return v.socket;
  }

  it.each([
    [
      'de-DE',
      'Wie ändere ich meine Lieferadresse?',
      'de/lieferadresse.md',
      /^Das steht in unserem Hilfeartikel \*\*Lieferadresse ändern\*\*/,
    ],
    [
      'fr-FR',
      'Comment changer l’adresse de livraison de ma commande ?',
      'fr/adresse-de-livraison.md',
      /^Voici ce que dit notre article d’aide \*\*Modifier l’adresse de livraison\*\*/,
    ],
    [
      'es-ES',
      '¿Cuántos días tengo para devolver un artículo?',
      'es/devoluciones.md',
      /^Esto dice nuestro artículo de ayuda \*\*Devolver un artículo\*\*/,
    ],
    [
      'en-GB',
      'How many days do I have to return an item?',
      'en/returns.md',
      /^Here is what our help article \*\*Return an item\*\*/,
    ],
  ])(
    'a %s visitor asking "%s" gets the article in that language, framed in it',
    async (locale, question, article, framing) => {
      const { end } = await ask(await visitor(locale), question);
      expect(end.answered).toBe(true);
      expect(end.sources?.[0].path).toBe(article);
      expect(end.text).toMatch(framing);
    },
  );

  it('answers in the language of the question, whatever the browser says', async () => {
    const { end } = await ask(await visitor('en-US'), 'Wie lange habe ich Zeit, um einen Artikel zurückzusenden?');
    expect(end.sources?.[0].path).toBe('de/ruecksendung.md');
    expect(end.text).toMatch(/^Das steht in unserem Hilfeartikel/);
    expect(end.text).toContain('30 Tage');
  });

  it('declines in the visitor’s language, and greets in it', async () => {
    const de = await visitor('de-AT');
    const declined = (await ask(de, 'Kann ich mit Bitcoin bezahlen?')).end;
    expect(declined.answered).toBe(false);
    expect(declined.text).toMatch(/^Leider habe ich dazu nichts in unseren Hilfeartikeln gefunden/);
    expect(declined.text).toContain('**Mit einem Menschen sprechen**');
    const fr = await visitor('fr-CA');
    expect((await ask(fr, 'Bonjour !')).end.text).toMatch(/^Bonjour ! Je suis l’assistant virtuel/);
    expect((await ask(fr, 'Merci beaucoup')).end.text).toMatch(/^Avec plaisir/);
  });

  it('tells a Spanish visitor in Spanish that nobody is available', async () => {
    const socket = await visitor('es-MX');
    const note = waitFor(socket, 'message:new', (p) => p.message.role === 'system');
    const r = await socket.emitWithAck('handoff:request', {});
    expect(r.handoff.status).toBe('offline');
    expect((await note).message.text).toMatch(/^Ahora mismo no hay nadie de nuestro equipo disponible\..*correo/);
  });

  it('tells a visitor who writes German on an English browser, in German, that nobody is available', async () => {
    const socket = await visitor('en-US');
    await ask(socket, 'Wie ändere ich meine Lieferadresse?');
    const note = waitFor(socket, 'message:new', (p) => p.message.role === 'system');
    await socket.emitWithAck('handoff:request', {});
    expect((await note).message.text).toMatch(/^Gerade ist niemand aus unserem Team erreichbar\./);
  });

  it('searches each language with its own stemmer over the HTTP API too', async () => {
    const search = async (lang: string) => {
      const res = await fetch(`${t.url}/api/v1/knowledge/search?q=R%C3%BCcksendungen&k=3&lang=${lang}`);
      const { results } = (await res.json()) as { results: { path: string; score: number }[] };
      return results.find((r) => r.path === 'de/ruecksendung.md')?.score ?? 0;
    };
    expect(await search('de')).toBe(1);
    const bad = await fetch(`${t.url}/api/v1/knowledge/search?q=x&lang=${encodeURIComponent('<de>')}`);
    expect(bad.status).toBe(400);
  });
});
