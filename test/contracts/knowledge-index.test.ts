import { HybridIndex } from '../../src/knowledge/hybrid-index';
import { LexicalIndex } from '../../src/knowledge/lexical/lexical-index';
import { WordVectors } from '../../src/knowledge/vectors/word-vectors';
import { DEFAULT_WORD_VECTORS_FILE } from '../../src/knowledge/vectors/word-vectors-file';
import { knowledgeIndexContract } from './knowledge-index.contract';

knowledgeIndexContract('lexical', () => new LexicalIndex());

// Built by jest's global setup (and by `npm run build`).
const vectors = WordVectors.load(DEFAULT_WORD_VECTORS_FILE);
knowledgeIndexContract('hybrid (lexical + word vectors)', () => new HybridIndex(vectors));
