import { MiniSearchIndex } from '../../src/knowledge/minisearch-index';
import { knowledgeIndexContract } from './knowledge-index.contract';

knowledgeIndexContract('minisearch', () => new MiniSearchIndex());
