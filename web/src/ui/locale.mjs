// ui/locale.mjs — which language the element speaks, and its translator: English at once, any
// other locale once its module has loaded (English is the fallback if it cannot load).
import { en, loadMessages, pickLocale, translator } from '../messages.mjs';

/**
 * The translator for an element whose `lang` and `locale` (attribute or option) are given,
 * falling back to the page's <html lang>, then the browser's languages. Returns a translator
 * (English) or a promise of one (any other locale). `overrides`: the host's `messages`.
 */
export function localize(lang, locale, overrides) {
  const asked = lang || locale;
  const wanted = pickLocale([asked, document.documentElement.lang, ...(navigator.languages ?? [navigator.language])]);
  // Intl gets the host's own tag when it names this language (de-AT, en-GB); plain English
  // with no tag asked for keeps plain digits (see translator()).
  const sameLanguage = asked && String(asked).split('-')[0].toLowerCase() === wanted.split('-')[0].toLowerCase();
  const tag = sameLanguage ? String(asked) : wanted === 'en' ? undefined : wanted;
  if (wanted === 'en') return translator(tag, overrides, en);
  return loadMessages(wanted).then((table) => translator(tag, overrides, table), () => translator(undefined, overrides, en));
}
