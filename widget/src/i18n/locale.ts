import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import type { Strings } from './strings';

export const LOCALES: Record<string, Strings> = { en, fr, de, es };

/**
 * The widget's language: `data-locale` when the site sets one we have, else the first of the
 * browser's languages we have (by its primary tag: `fr-CA` is French), else English.
 */
export function pickLocale(dataLocale: string | undefined, browser: readonly string[]): Strings {
  for (const tag of [dataLocale, ...browser]) {
    const primary = tag?.trim().toLowerCase().split('-')[0];
    if (primary && LOCALES[primary]) return LOCALES[primary];
  }
  return en;
}
