import { buildIndex } from '../../src/knowledge/create-index';
import { InProcessIndex } from '../../src/knowledge/index-host';
import { ThreadedIndex } from '../../src/knowledge/index-thread';
import { DEFAULT_THESAURUS_FILE, DEFAULT_WORD_VECTORS_FILE } from '../../src/knowledge/word-vectors-file';
import { createLogger } from '../../src/logger';
import { indexHostContract } from './index-host.contract';

// The word vectors are built by jest's global setup (and by `npm run build`).
const HYBRID = { wordVectors: DEFAULT_WORD_VECTORS_FILE, thesaurus: DEFAULT_THESAURUS_FILE };
const silent = createLogger('silent');

indexHostContract('in this thread, lexical', () => new InProcessIndex(buildIndex({})), { semantic: false });
indexHostContract('in this thread, hybrid', () => new InProcessIndex(buildIndex(HYBRID)), { semantic: true });
indexHostContract('on the index thread, lexical', () => new ThreadedIndex({}, silent), { semantic: false });
indexHostContract('on the index thread, hybrid', () => new ThreadedIndex(HYBRID, silent), { semantic: true });
