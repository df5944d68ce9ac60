import type { Chunk } from '../chunk';
import type { EmbedOptions, Embedder } from './embedder';

/** Sets each chunk's `vectors`: the embedder's vectors of the texts it reads of that chunk. */
export async function embedChunks(embedder: Embedder, chunks: Chunk[], opts: EmbedOptions = {}): Promise<void> {
  const texts = chunks.map((c) => embedder.chunkTexts(c));
  const vectors = await embedder.embed(texts.flat(), opts);
  let next = 0;
  for (const [i, c] of chunks.entries()) {
    c.vectors = vectors.slice(next, next + texts[i].length);
    next += texts[i].length;
  }
}
