// messages.mjs — every string the embed shows: the English table (always bundled), the other
// locales (web/src/locales/*.mjs, each loaded only when used), and the translator.
//
// Values are plain text with {name} placeholders; they always reach the page as text nodes. A
// value may be an object of plural forms ({'=0', one, two, few, many, other}) picked by the
// `count` (or `limit`) parameter through Intl.PluralRules. Number parameters are formatted for
// the locale, arrays become lists (Intl.ListFormat). A host passes `messages` (a partial table)
// to override any string, and `lang`/`locale` to pick the language.

export const en = {
  title: 'Integrations',
  connectedCount: '{count} connected',
  search: 'Search integrations',
  searchPlaceholder: 'Search…',
  filter: 'Show',
  filterAll: 'All',
  filterDeployed: 'Available',
  filterUndeployed: 'Coming soon',
  loading: 'Loading integrations…',
  loaded: { one: '{count} integration', other: '{count} integrations' },
  emptyTitle: 'No integrations found',
  emptySearch: 'Nothing matches “{query}”. Try another name.',
  emptyNone: 'There are no integrations to show here yet.',
  clearSearch: 'Clear search',
  errorTitle: 'We couldn’t load the integrations',
  retry: 'Try again',
  prev: 'Previous',
  next: 'Next',
  pageRange: '{from}–{to} of {total}',
  pages: 'Pages',
  // Tile states (hub.tileState) and the actions they name.
  state_unavailable: 'Coming soon',
  state_available: 'Not connected',
  state_connecting: 'Connecting',
  state_connected: 'Connected',
  state_needs_reauth: 'Needs attention',
  state_error: 'Error',
  action_activate: 'Connect',
  action_wait: 'Connecting…',
  action_manage: 'Manage',
  action_reconnect: 'Reconnect',
  action_retry: 'Fix',
  actionLabel: '{action} {name}',
  // The activation dialog.
  close: 'Close',
  cancel: 'Cancel',
  back: 'Back',
  continue: 'Continue',
  activate: 'Activate',
  done: 'Done',
  steps: 'Steps',
  stepSettings: 'Settings',
  connectTitle: 'Connect {name}',
  chooseAccount: 'Choose the {name} account to use',
  newAccount: 'Connect a new account',
  accountLabel: '{name} account · added {date}',
  removeAccount: 'Remove',
  removeAccountLabel: 'Remove the {name} account added {date}',
  accountRemoved: 'The {name} account was removed.',
  sandboxNote: 'Sandbox accounts can’t be used here: this integration writes data.',
  oauthHint: 'You’ll sign in to {name} in a new window and come back here.',
  oauthButton: 'Sign in with {name}',
  oauthWaiting: 'Waiting for {name}… finish signing in in the other window.',
  oauthClosed: 'The {name} window was closed before sign-in finished. Try again when you’re ready.',
  oauthRedirect: 'Your browser blocked the sign-in window. Taking you to {name}…',
  apiKey: '{name} API key',
  apiKeyHint: 'Paste a key from your {name} account settings. It is sent once and never shown again.',
  apiKeyConnect: 'Connect',
  connecting: 'Connecting…',
  connectedTo: '{name} connected.',
  connectFailed: '{name} was not connected: {error}',
  pickAccount: 'Choose an account or connect a new one.',
  settingsIntro: 'Choose how {name} works for you. You can change this later.',
  noSettings: '{name} needs no settings. Activate it to start.',
  activating: 'Activating…',
  activated: '{name} is connected.',
  fixErrors: 'Please fix the highlighted fields.',
  optional: 'optional',
  listHint: 'One per line',
  choose: 'Choose…',
  show: 'Show',
  hide: 'Hide',
  secretKept: 'Saved. Leave empty to keep it.',
  // Validation messages, from the error's keyword and parameters (never from its English text).
  v_required: 'This field is required.',
  v_format: 'Enter a valid {format}.',
  v_minimum: 'Must be at least {limit}.',
  v_maximum: 'Must be at most {limit}.',
  v_exclusiveMinimum: 'Must be more than {limit}.',
  v_exclusiveMaximum: 'Must be less than {limit}.',
  v_multipleOf: 'Must be a multiple of {limit}.',
  v_minLength: { one: 'Must be at least {limit} character.', other: 'Must be at least {limit} characters.' },
  v_maxLength: { one: 'Must be at most {limit} character.', other: 'Must be at most {limit} characters.' },
  v_minItems: 'Choose at least {limit}.',
  v_maxItems: 'Choose at most {limit}.',
  v_uniqueItems: 'Each entry must be different.',
  v_enum: 'Choose one of {list}.',
  v_pattern: 'This doesn’t have the expected format.',
  v_type: 'Enter a valid value.',
  v_json: 'This is not valid JSON.',
  v_invalid: 'This value isn’t valid.',
  format_email: 'email address',
  format_uri: 'URL',
  format_date: 'date',
  'format_date-time': 'date and time',
  format_time: 'time, like 09:00:00Z',
  format_hostname: 'host name',
  // Managing an activation.
  accounts: 'Connected accounts',
  activatedOn: 'Active since {date}.',
  reconnect: 'Reconnect',
  retryConnection: 'Try again',
  reconnectKey: 'Save key',
  disconnect: 'Disconnect',
  confirmTitle: 'Disconnect {name}?',
  confirmText: '{name} stops running for your account. Your connected accounts are kept, so you can turn it on again later.',
  disconnecting: 'Disconnecting…',
  disconnected: '{name} was disconnected.',
  editSettings: 'Edit settings',
  settingsTitle: '{name} settings',
  save: 'Save',
  saving: 'Saving…',
  settingsSaved: 'Settings saved.',
  status_active: 'Connected',
  status_connecting: 'Connecting',
  status_needs_reauth: 'Sign-in expired',
  status_validation_error: 'Rejected',
  status_post_install_error: 'Setup failed',
  somethingWrong: 'Something went wrong: {error}',
};

/** The languages the embed ships, and the one written right to left. */
export const LOCALES = ['en', 'de', 'fr', 'es', 'ja', 'pt-BR', 'ar'];
const RTL = new Set(['ar']);

/** The first of `wanted` (BCP 47 tags, best first) the embed speaks, by exact tag or by language; 'en' when none. */
export function pickLocale(wanted) {
  for (const tag of wanted) {
    if (!tag) continue;
    const lower = String(tag).toLowerCase();
    const found = LOCALES.find((l) => l.toLowerCase() === lower) ?? LOCALES.find((l) => l.split('-')[0] === lower.split('-')[0]);
    if (found) return found;
  }
  return 'en';
}

export const dirOf = (locale) => (RTL.has(locale) ? 'rtl' : 'ltr');

// Each locale is its own module, fetched the first time it is used.
const LOADERS = {
  de: () => import('./locales/de.mjs'),
  fr: () => import('./locales/fr.mjs'),
  es: () => import('./locales/es.mjs'),
  ja: () => import('./locales/ja.mjs'),
  'pt-BR': () => import('./locales/pt-BR.mjs'),
  ar: () => import('./locales/ar.mjs'),
};

/** The table of `locale` (one of LOCALES): English at once, the others once loaded. */
export async function loadMessages(locale) {
  return LOADERS[locale] ? (await LOADERS[locale]()).default : en;
}

/**
 * A translator: `table` (a locale's, default English) over English, the host's `overrides` on
 * top. t(key, {name: value}) → text; an unknown key comes back as itself, so a missing
 * translation shows, never crashes. `locale` is the language tag for Intl; without one (plain
 * English) numbers stay plain digits, because the first Intl.NumberFormat costs some 20 ms of
 * main thread on the way to first paint.
 */
export function translator(locale, overrides = {}, table = en) {
  const all = { ...en, ...table, ...overrides };
  // Formatters are costly to create: one each, on first use.
  let numbers, dates, plurals, lists;
  const number = (n) => (locale ? (numbers ??= new Intl.NumberFormat(locale)).format(n) : String(n));
  const plural = (forms, n) => {
    const rule = locale ? (plurals ??= new Intl.PluralRules(locale)).select(n) : n === 1 ? 'one' : 'other';
    return forms[`=${n}`] ?? forms[rule] ?? forms.other;
  };
  const value = (v) => {
    if (typeof v === 'number') return number(v);
    if (Array.isArray(v)) return (lists ??= new Intl.ListFormat(locale ?? 'en', { type: 'disjunction' })).format(v.map(String));
    return String(v);
  };
  const t = (key, params = {}) => {
    let msg = all[key] ?? key;
    if (msg !== null && typeof msg === 'object') msg = plural(msg, Number(params.count ?? params.limit));
    return String(msg).replace(/\{(\w+)\}/g, (m, k) => (k in params ? value(params[k]) : m));
  };
  t.has = (key) => key in all;
  t.number = number;
  t.locale = locale ?? 'en';
  t.dir = dirOf(locale);
  t.date = (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : (dates ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })).format(d);
  };
  return t;
}
