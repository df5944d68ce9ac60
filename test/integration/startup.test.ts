import { runServerExpectingExit } from '../support/server-process';

describe('server start-up', () => {
  it('refuses to start on a bad setting, naming the variable, without a stack trace', async () => {
    const { code, output } = await runServerExpectingExit({ PORT: 'not-a-port', RETRIEVAL_TOP_K: '500' });
    expect(code).toBe(78);
    expect(output).toContain('PORT');
    expect(output).toContain('RETRIEVAL_TOP_K');
    expect(output).not.toMatch(/\n\s+at /);
  });
});
