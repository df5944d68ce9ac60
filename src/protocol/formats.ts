/**
 * The few values of protocol v1 that server, widget and console all check against, kept once.
 * No dependencies: the widget bundles this file.
 */

/** What a photo or file in a conversation may be (read from its content by the server). */
export const ATTACHMENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
] as const;

/** A BCP 47 language tag as visitors' browsers and sites write them: `de`, `fr-CA`, `zh-Hant-TW`. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
