/** Marks the start of a word, as in SentencePiece vocabularies. */
const WORD_START = '\u2581';
/** Ids 0-5 are padding, unknown and control symbols: never produced from text. */
const RESERVED = 6;
const UNKNOWN = 0;

interface Node {
  children: Map<string, Node>;
  /** Set when the path from the root spells a piece. */
  piece?: { id: number; score: number; length: number };
}

/**
 * SentencePiece's unigram tokenizer: the split of a text into vocabulary pieces with the best
 * total log-probability (Viterbi over a trie of the pieces). Characters no piece covers become
 * the unknown id, one per run.
 */
export class SentencePiece {
  private readonly root: Node = { children: new Map() };

  /** `vocabulary`: [piece, log-probability] by id, as in the model's vocab.json. */
  constructor(vocabulary: [string, number][]) {
    for (let id = RESERVED; id < vocabulary.length; id++) {
      const [piece, score] = vocabulary[id];
      let node = this.root;
      const chars = [...piece];
      for (const ch of chars) {
        let next = node.children.get(ch);
        if (!next) node.children.set(ch, (next = { children: new Map() }));
        node = next;
      }
      node.piece = { id, score, length: chars.length };
    }
  }

  encode(text: string): number[] {
    const normalised = text.normalize('NFKC');
    if (!normalised) return [];
    const chars = [...(WORD_START + normalised.replace(/ /g, WORD_START))];
    const n = chars.length;
    // best[i]: best score of chars[0..i); from[i]: the piece ending there.
    const best = new Float64Array(n + 1).fill(-Infinity);
    const from: { id: number; length: number }[] = new Array(n + 1);
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      if (best[i] === -Infinity) continue;
      let node: Node | undefined = this.root;
      let matched = false;
      for (let j = i; j < n && node; j++) {
        node = node.children.get(chars[j]);
        if (!node?.piece) continue;
        matched = true;
        // Ties go to the later split, as in the reference implementation.
        if (best[i] + node.piece.score >= best[j + 1]) {
          best[j + 1] = best[i] + node.piece.score;
          from[j + 1] = node.piece;
        }
      }
      // A character no piece starts with is one unknown piece (scored 0, as in the reference).
      if (!matched && best[i] >= best[i + 1]) {
        best[i + 1] = best[i];
        from[i + 1] = { id: UNKNOWN, length: 1 };
      }
    }
    const ids: number[] = [];
    for (let end = n; end > 0; end -= from[end].length) ids.push(from[end].id);
    ids.reverse();
    return ids.filter((id, i) => !(id === UNKNOWN && ids[i - 1] === UNKNOWN));
  }
}
