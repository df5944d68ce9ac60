/**
 * Everything the server itself says to a visitor, in one language: the offline answerer's
 * framing, the decline, replies to small talk, hand-off and agent notices. The LLM answers in
 * the visitor's language by itself; these are the words no model writes.
 */
export interface Replies {
  /** The tag dates and times are written in. */
  dateLocale: string;
  /** Opens an offline answer: `where` is the article's bold title (and section). */
  quoting: (where: string, n: number) => string;
  /** Points to a second article that matches nearly as well. */
  alsoSee: (title: string, n: number) => string;
  decline: string;
  /** `product`: PRODUCT_NAME, when the operator set one. */
  greeting: (product: string | undefined) => string;
  thanks: string;
  goodbye: string;
  identity: string;
  wellbeing: string;
  /** Someone will join: the visitor's place in line, and the expected wait when one is known. */
  waiting: (position: number, minutes: number | undefined) => string;
  /** Nobody is available; `backAt` is the next opening ("Monday, 09:00 CET") when known. */
  offline: (backAt: string | undefined) => string;
  /** The visitor left an email: when they will hear back. */
  messageLeft: (email: string, backAt: string | undefined) => string;
  /** Nobody joined within the hand-off time-out. */
  timedOut: string;
  agentJoined: (name: string) => string;
  handedBack: (name: string) => string;
  closed: string;
  transcriptSubject: (product: string | undefined) => string;
  transcriptHeading: (product: string | undefined, started: string) => string;
  /** How the transcript names who wrote each line. */
  speaker: { visitor: string; bot: string; agent: string };
  /** Labels an article an answer cited, in the transcript. */
  source: string;
}
