import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The questions a new user tries first: the demo page's suggestions and the README's examples,
 * each answered from the section that answers it, not a neighbouring one.
 */
describe('the demo’s and the README’s questions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const ask = async (text: string, context: { conversationId?: string; token?: string } = {}) => {
    const res = await fetch(`${t.url}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, ...context }),
    });
    return (await res.json()) as {
      conversationId: string;
      token: string;
      message: { text: string; answered: boolean; sources: { path: string; heading?: string }[] };
    };
  };

  it.each([
    ['Where is my order?', ['orders/order-status.md', 'shipping/track-your-package.md'], undefined],
    ['How do I return an item?', ['returns/start-a-return.md'], 'Return items'],
    ["My bulb won't connect to Wi-Fi", ['troubleshooting/bulb-wont-connect-to-wifi.md'], 'Compatibility mode'],
    ['How do I reset my password?', ['account/reset-your-password.md'], 'Forgot password'],
  ])('answers %p from the right article and section', async (question, paths, quote) => {
    const { message } = await ask(question);
    expect(message.answered).toBe(true);
    expect(paths).toContain(message.sources[0].path);
    // The answer quotes the steps themselves.
    if (quote) expect(message.text).toContain(quote);
    // The first passage of an article is its steps or overview, never a special case next to it.
    expect(message.sources[0].heading ?? '').not.toMatch(/gift|locked|arrive/i);
  });

  it('greets back instead of declining, and reads a follow-up with the question before it', async () => {
    const hello = await ask('Hello');
    expect(hello.message.answered).toBe(true);
    expect(hello.message.sources).toEqual([]);
    expect(hello.message.text).not.toMatch(/couldn't find/);
    const first = await ask('Do you ship to Germany?');
    const followUp = await ask('how much does it cost?', {
      conversationId: first.conversationId,
      token: first.token,
    });
    expect(followUp.message.sources[0].path).toBe('shipping/shipping-options-and-delivery-times.md');
  });
});
