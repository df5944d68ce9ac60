import { visitorContext } from './visitor-context';

describe('the visitor’s context', () => {
  it('names the browser and operating system from the User-Agent header', () => {
    const cases: [string, string, string][] = [
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        'Chrome 131',
        'Windows 10 or 11',
      ],
      [
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86',
        'Edge 131',
        'Windows 10 or 11',
      ],
      ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133', 'Linux'],
      [
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
        'Safari 18',
        'iOS 18',
      ],
      [
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
        'Safari 17',
        'macOS',
      ],
      [
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
        'Chrome 131',
        'Android 14',
      ],
    ];
    for (const [ua, browser, os] of cases) expect(visitorContext({}, ua)).toEqual({ browser, os });
  });

  it('keeps what the widget reported, and leaves out what it cannot tell', () => {
    expect(visitorContext({ pageUrl: 'https://shop.example.com/', locale: 'fr-FR' }, 'curl/8.5.0')).toEqual({
      pageUrl: 'https://shop.example.com/',
      locale: 'fr-FR',
    });
  });
});
