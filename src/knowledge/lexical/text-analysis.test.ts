import { terms, words } from './text-analysis';

describe('text analysis', () => {
  it('drops stop words and question filler, and stems the rest', () => {
    expect(terms('Hi, please tell me how I can return my shipped lamps?')).toEqual(['return', 'ship', 'lamp']);
  });
  it('indexes compounds both joined and split', () => {
    expect(words('Wi-Fi 5GHz')).toEqual(expect.arrayContaining(['wi', 'fi', 'wifi', '5ghz', '5', 'ghz']));
  });
  it('keeps numbers and handles curly apostrophes', () => {
    expect(terms('Don’t wait 30 days')).toEqual(['wait', '30', 'day']);
  });
});
