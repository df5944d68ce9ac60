import { renderMarkdown } from './render-markdown';
import { safeUrl } from './safe-url';
import { h, textOf, type VNode } from './vnode';
import { vnodeToHtml } from './vnode-to-html';

const html = (md: string, opts = {}) => vnodeToHtml(renderMarkdown(md, opts));

function tags(nodes: VNode[]): string[] {
  return nodes.flatMap((n) => (typeof n === 'string' ? [] : [n.tag, ...tags(n.children)]));
}

describe('renderMarkdown', () => {
  it('renders paragraphs, emphasis, lists, code and tables', () => {
    const md =
      'Hello **bold** and *em* and `x < y`\n\n1. one\n2. two\n\n- a\n- b\n\n```js\nconst a = 1 < 2;\n```\n\n| k | v |\n|---|--:|\n| a | 1 |';
    expect(html(md)).toBe(
      '<p>Hello <strong>bold</strong> and <em>em</em> and <code>x &lt; y</code></p>' +
        '<ol><li>one</li><li>two</li></ol><ul><li>a</li><li>b</li></ul>' +
        '<pre><code class="language-js">const a = 1 &lt; 2;</code></pre>' +
        '<table><thead><tr><th>k</th><th align="right">v</th></tr></thead><tbody><tr><td>a</td><td align="right">1</td></tr></tbody></table>',
    );
  });

  it('keeps safe links, opening in a new tab without referrer', () => {
    expect(html('[Track](https://shop.example/track "Tracking")')).toBe(
      '<p><a href="https://shop.example/track" target="_blank" rel="noopener noreferrer nofollow ugc" title="Tracking">Track</a></p>',
    );
    expect(html('mail [us](mailto:help@shop.example)')).toContain('href="mailto:help@shop.example"');
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['java\tscript:alert(1)'],
    ['data:text/html;base64,PHNjcmlwdD4='],
    ['vbscript:msgbox(1)'],
    ['&#106;avascript:alert(1)'],
  ])('never makes a link of %s: the text stays, the link goes', (href) => {
    const nodes = renderMarkdown(`[click me](${href})`);
    expect(tags(nodes)).not.toContain('a');
    expect(textOf(nodes)).toContain('click me');
  });

  it('shows raw HTML as inert text: no element, no attribute survives', () => {
    const nodes = renderMarkdown(
      'Hi <img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n<iframe src="https://evil.example"></iframe>',
    );
    expect(tags(nodes)).toEqual(['p', 'p']);
    expect(textOf(nodes)).toContain('<img src=x onerror="alert(1)">');
    expect(vnodeToHtml(nodes)).not.toMatch(/<(img|script|iframe)/);
  });

  it('loads images only from allowed origins; others become a link to click, not a fetch', () => {
    expect(tags(renderMarkdown('![pic](https://evil.example/track.gif)'))).toEqual(['p', 'a']);
    expect(html('![pic](https://evil.example/t.gif)')).toContain('[pic]');
    expect(
      html('![pic](/img/a.png)', { baseUrl: 'https://help.example/', imageOrigins: ['https://help.example'] }),
    ).toContain('<img src="https://help.example/img/a.png" alt="pic" loading="lazy" referrerpolicy="no-referrer">');
    expect(html('![x](javascript:alert(1))')).toBe('<p>[x]</p>');
  });

  it('turns [n] into citations when asked, leaving unknown numbers as written', () => {
    const nodes = renderMarkdown('Returns take 30 days [1][3].', {
      citation: (n) => (n === 1 ? h('sup', { class: 'cite' }, [String(n)]) : undefined),
    });
    expect(vnodeToHtml(nodes)).toBe('<p>Returns take 30 days <sup class="cite">1</sup>[3].</p>');
  });

  it('decodes entities into text and escapes them again on output', () => {
    const nodes = renderMarkdown('Fish &amp; chips &lt;b&gt; &#x3C;script&#x3E;');
    expect(textOf(nodes)).toBe('Fish & chips <b> <script>');
    expect(vnodeToHtml(nodes)).toBe('<p>Fish &amp; chips &lt;b&gt; &lt;script&gt;</p>');
  });

  it('renders a half-written answer (open code fence, dangling emphasis) without throwing', () => {
    expect(() => renderMarkdown('Step one:\n\n```\nnpm i')).not.toThrow();
    expect(textOf(renderMarkdown('**bold start'))).toContain('bold start');
  });

  it('maps headings below the widget title', () => {
    expect(html('# Big\n\n## Smaller')).toBe('<h3>Big</h3><h4>Smaller</h4>');
  });
});

describe('safeUrl', () => {
  it('resolves relative URLs only against a base', () => {
    expect(safeUrl('/a', 'https://x.example/b/c')).toBe('https://x.example/a');
    expect(safeUrl('/a')).toBeUndefined();
    expect(safeUrl('https://x.example/\u0000')).toBeUndefined();
  });
});
