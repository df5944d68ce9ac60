import { en } from '../replies/en';
import type { Replies } from '../replies/replies';

/**
 * Messages that are conversation, not questions: greetings, thanks, goodbyes, "are you a bot?".
 * They get a short reply in the bot's voice instead of a search, and are never declined or
 * counted as a gap in the knowledge base. A message is small talk only when it is nothing else:
 * "hi, how do I reset my password?" is a question.
 */
export type SmallTalk = 'greeting' | 'thanks' | 'goodbye' | 'identity' | 'wellbeing';

const GREETING =
  /^(?:hi+|hello+|hey+|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|morning|hallo|hola|bonjour|bonsoir|salut|guten (?:morgen|tag|abend)|servus|moin|buenos días|buenas(?: tardes| noches)?)(?: (?:there|all|everyone|team|folks|guys|bot))?$/;
const THANKS =
  /^(?:(?:ok(?:ay)?|great|perfect|awesome|cool|nice|brilliant|super|wonderful|excellent|got it|understood|that (?:helped|helps|worked|works)|that's (?:helpful|great|perfect))(?: thanks?| thank you)?|(?:thanks?|thank you|thx|ty|cheers|much appreciated|many thanks|merci(?: beaucoup)?|danke(?: schön| sehr)?|vielen dank|gracias|muchas gracias)(?: (?:so|very) much| a lot| a bunch| again| for (?:the|your) help| for helping)?(?: that (?:helped|helps|worked))?)$/;
const GOODBYE =
  /^(?:bye+|goodbye|good bye|bye bye|see you|see ya|have a (?:nice|good|great) (?:day|one|evening)|later|cya|au revoir|tschüss|auf wiedersehen|adiós|adios|hasta luego)$/;
const IDENTITY =
  /^(?:are you (?:a |an )?(?:real )?(?:bot|robot|human|person|ai|machine|chatbot|computer)|am i (?:talking|speaking|chatting) (?:to|with) (?:a |an )?(?:real )?(?:bot|robot|human|person|ai|machine|computer)|who are you|what are you|is this (?:a |an )?(?:bot|robot|human|real person|ai))$/;
const WELLBEING = /^(?:how are you(?: doing)?(?: today)?|how's it going|how are things|what's up|sup)$/;

/** What kind of small talk `text` is, or undefined for anything else. */
export function smallTalkOf(text: string): SmallTalk | undefined {
  const plain = text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain === '' || plain.split(' ').length > 10) return undefined;
  // Two kinds in one message ("hi, thanks!") read as the last of them.
  const parts = plain.split(/ (?=(?:thanks?|thank you|bye|goodbye)\b)/);
  let kind: SmallTalk | undefined;
  for (const part of parts) {
    const one = single(part.trim());
    if (!one) return undefined;
    kind = one;
  }
  return kind;
}

function single(part: string): SmallTalk | undefined {
  if (GREETING.test(part)) return 'greeting';
  if (THANKS.test(part)) return 'thanks';
  if (GOODBYE.test(part)) return 'goodbye';
  if (IDENTITY.test(part)) return 'identity';
  if (WELLBEING.test(part)) return 'wellbeing';
  return undefined;
}

/** The bot's reply to small talk, in the visitor's language, naming the product as the prompt does. */
export function smallTalkReply(kind: SmallTalk, productName: string | undefined, replies: Replies = en): string {
  return kind === 'greeting' ? replies.greeting(productName) : replies[kind];
}
