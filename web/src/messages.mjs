// messages.mjs — every string the embed shows, in one table a host can translate or override.
//
// Values are plain text with {name} placeholders; they always reach the page as text nodes.
// A host passes `messages` (a partial table) and `locale` (for numbers and dates).

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
  loaded: '{count} integrations',
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
  // Validation messages by JSON Schema keyword; the core's own sentence is the fallback.
  secretKept: 'Saved. Leave empty to keep it.',
  v_required: 'This field is required.',
  v_format: 'Enter a valid {format}.',
  v_minimum: 'Must be at least {limit}.',
  v_maximum: 'Must be at most {limit}.',
  v_minLength: 'Must be at least {limit} characters.',
  v_maxLength: 'Must be at most {limit} characters.',
  v_minItems: 'Choose at least {limit}.',
  v_maxItems: 'Choose at most {limit}.',
  v_pattern: 'This doesn’t have the expected format.',
  v_type: 'Enter a valid value.',
  v_json: 'This is not valid JSON.',
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
  status_active: 'Connected',
  status_connecting: 'Connecting',
  status_needs_reauth: 'Sign-in expired',
  status_validation_error: 'Rejected',
  status_post_install_error: 'Setup failed',
  somethingWrong: 'Something went wrong: {error}',
};

/**
 * A translator: the English table with the host's `overrides` on top. t(key, {name: value}) →
 * text; an unknown key comes back as itself, so a missing translation shows, never crashes.
 * Numbers are formatted for `locale` when one is given; without one they stay plain digits,
 * because the first Intl.NumberFormat costs some 20 ms of main thread on the way to first paint.
 */
export function translator(locale, overrides = {}) {
  const table = { ...en, ...overrides };
  const t = (key, params = {}) => String(table[key] ?? key).replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  t.has = (key) => key in table;
  // Formatters are costly to create: one each, on first use.
  let numbers, dates;
  t.number = (n) => (locale ? (numbers ??= new Intl.NumberFormat(locale)).format(n) : String(n));
  t.date = (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : (dates ??= new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })).format(d);
  };
  return t;
}
