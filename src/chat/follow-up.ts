/**
 * Whether a question leans on the one before it ("how much does it cost?", "and to Germany?",
 * "what about a whole channel?"): it opens with a connective, or refers back with a pronoun, or
 * is too short to stand alone. Such a question is searched together with the previous one too.
 */
const OPENERS = /^(?:and|but|also|so|or|plus|then|what about|how about|what if|and what|same for|same with)\b/;
const REFERS_BACK =
  /\b(?:it|its|it's|that|this|these|those|they|them|their|there|one|ones|same|either|too|instead|else)\b/;

export function isFollowUp(question: string): boolean {
  const words = question
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return false;
  const text = words.join(' ');
  return OPENERS.test(text) || REFERS_BACK.test(text) || words.length <= 2;
}
