import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Thesaurus } from './thesaurus';
import { DEFAULT_THESAURUS_FILE } from '../vectors/word-vectors-file';

describe('Thesaurus', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'thesaurus-')), 't.tsv');
  writeFileSync(file, 'parcel\tpackage:0.8,box:0.6\nsend back\treturn:0.8\ndelete\terase:0.8\nbattery\tcell:0.8');
  const t = Thesaurus.load(file);

  it('finds related words with their weights, for words and two-word phrases', () => {
    expect(t.related('parcel')).toEqual([
      { word: 'package', weight: 0.8 },
      { word: 'box', weight: 0.6 },
    ]);
    expect(t.related('send back')).toEqual([{ word: 'return', weight: 0.8 }]);
    expect(t.related('zebra')).toEqual([]);
  });

  it('tries simple base forms of inflected words', () => {
    expect(t.related('parcels')[0].word).toBe('package');
    expect(t.related('deleted')[0].word).toBe('erase');
    expect(t.related('batteries')[0].word).toBe('cell');
    expect(t.related('sending back')).toEqual([{ word: 'return', weight: 0.8 }]);
  });

  it('has WordNet relations a help centre needs, in the built file', () => {
    const built = Thesaurus.load(DEFAULT_THESAURUS_FILE);
    const words = (w: string) => built.related(w).map((r) => r.word);
    expect(words('parcel')).toContain('package');
    expect(words('invoice')).toContain('bill');
    expect(words('detector')).toContain('sensor');
    expect(words('hot')).toContain('temperature');
  });
});
