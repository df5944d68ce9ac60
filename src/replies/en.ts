import type { Replies } from './replies';

export const en: Replies = {
  dateLocale: 'en-GB',
  quoting: (where, n) => `Here is what our help article ${where} says [${n}]:`,
  alsoSee: (title, n) => `You may also find **${title}** helpful [${n}].`,
  decline:
    "I'm sorry, I couldn't find anything about that in our help articles, so I'd rather not guess. " +
    'You can rephrase your question, or choose **Talk to a person** and someone from our team will help you.',
  greeting: (product) =>
    `Hello! I'm the virtual assistant${product ? ` for ${product}` : ''}. Ask me a question and I'll answer from our help articles.`,
  thanks: "You're welcome! Is there anything else I can help you with?",
  goodbye: 'Goodbye, and thanks for stopping by! Come back any time.',
  identity:
    "I'm an automated assistant: I answer from our help articles. If you'd rather talk to a person, choose **Talk to a person** at any time.",
  wellbeing: "I'm doing well, thanks for asking! What can I help you with?",
  waiting: (position, minutes) =>
    'Someone from our team will join this conversation.' +
    (position <= 1 ? ' You are next in line.' : ` You are number ${position} in line.`) +
    (minutes ? ` The wait is about ${minutes} minute${minutes === 1 ? '' : 's'}.` : '') +
    ' Meanwhile, I can keep answering your questions.',
  offline: (backAt) =>
    `Nobody from our team is available right now.${backAt ? ` We are back ${backAt}.` : ''} Leave your email and a message, and we will reply by email.`,
  messageLeft: (email, backAt) =>
    `Thank you. Your message is with our team, and we will reply to ${email} by email${backAt ? ` once we are back, ${backAt}` : ''}.`,
  timedOut:
    'Sorry, nobody from our team could join in time. Leave your email and a message, and we will reply by email. I can still answer your questions here.',
  agentJoined: (name) => `${name} joined the conversation.`,
  handedBack: (name) => `${name} handed the conversation back to the assistant.`,
  closed: 'This conversation was closed. Write again any time to start a new one.',
  transcriptSubject: (product) => `Your conversation with ${product ?? 'us'}`,
  transcriptHeading: (product, started) => `Your conversation with ${product ?? 'us'}, started ${started}.`,
  speaker: { visitor: 'You', bot: 'Assistant', agent: 'Agent' },
  source: 'Source',
};
