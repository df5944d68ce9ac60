import { HybridIndex } from '../../src/knowledge/hybrid-index';
import { MiniSearchIndex } from '../../src/knowledge/minisearch-index';
import { WordVectors } from '../../src/knowledge/word-vectors';
import { DEFAULT_WORD_VECTORS_FILE } from '../../src/knowledge/word-vectors-file';
import { knowledgeIndexContract } from './knowledge-index.contract';

knowledgeIndexContract('minisearch', () => new MiniSearchIndex());

// Built by jest's global setup (and by `npm run build`).
const vectors = WordVectors.load(DEFAULT_WORD_VECTORS_FILE);
knowledgeIndexContract('hybrid (minisearch + word vectors)', () => new HybridIndex(vectors));
