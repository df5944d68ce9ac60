import { detectLanguage, type Language, languageOfTag } from '../knowledge/lexical/languages';
import { words } from '../knowledge/lexical/text-analysis';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import type { Replies } from './replies';

const TABLES: Record<Language, Replies> = { en, fr, de, es };

export function repliesIn(lang: Language | undefined): Replies {
  return TABLES[lang ?? 'en'];
}

/**
 * The language to answer a visitor in: the language of what they wrote when its words say so
 * (a German question on an English browser is answered in German), else their widget's. Two
 * of a language's stop words are needed: one ("die", "a") is as often a word of another.
 */
export function replyLanguage(text: string | undefined, locale: string | undefined): Language {
  const hint = languageOfTag(locale);
  return (text ? detectLanguage(words(text), { hint, minEvidence: 2 }) : undefined) ?? hint ?? 'en';
}

/** "Monday, 09:00 CET" in the business hours' time zone, in the replies' language. */
export function openingTime(replies: Replies, at: string, timeZone: string): string {
  return new Intl.DateTimeFormat(replies.dateLocale, {
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(at));
}
