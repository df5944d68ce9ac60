import { contrastText, DEFAULTS, readConfig } from './config';

describe('readConfig', () => {
  it('reads the script tag and takes the server from the script URL', () => {
    const cfg = readConfig(
      {
        title: ' Acme help ',
        color: '#7c3aed',
        greeting: 'Hello',
        suggestions: 'A? | B? ||C?|D?|E?',
        position: 'left',
        open: 'true',
      },
      'https://support.acme.example/widget.js?v=1',
      'https://www.acme.example/shop',
    );
    expect(cfg).toMatchObject({
      serverUrl: 'https://support.acme.example',
      title: 'Acme help',
      color: '#7c3aed',
      greeting: 'Hello',
      suggestions: ['A?', 'B?', 'C?', 'D?'],
      position: 'left',
      open: true,
      theme: 'auto',
    });
    expect(cfg.t.lang).toBe('en');
  });

  it('falls back to defaults on anything malformed, so a typo never breaks the chat', () => {
    const cfg = readConfig(
      { color: 'red; background:url(x)', title: '   ', server: '::::' },
      undefined,
      'https://www.acme.example/',
    );
    expect(cfg).toMatchObject({
      serverUrl: 'https://www.acme.example',
      color: DEFAULTS.color,
      title: DEFAULTS.title,
      suggestions: [],
      position: 'right',
      open: false,
    });
  });
});

describe('contrastText', () => {
  it('picks white on dark brand colours and near-black on light ones', () => {
    expect(contrastText('#0f766e')).toBe('#ffffff');
    expect(contrastText('#fde68a')).toBe('#111827');
    expect(contrastText('#fff')).toBe('#111827');
  });
});
