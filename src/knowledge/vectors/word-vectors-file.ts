import path from 'node:path';

/** Where the build puts the compact word vectors: src/ and dist/ both sit under the project root. */
export const DEFAULT_WORD_VECTORS_FILE = path.resolve(
  __dirname,
  '..',
  '..',
  '..',
  'dist',
  'word-vectors',
  'glove-100d.bin',
);

/** Where the build puts the WordNet thesaurus. */
export const DEFAULT_THESAURUS_FILE = path.resolve(__dirname, '..', '..', '..', 'dist', 'word-vectors', 'wordnet.tsv');
