// catalog.mjs — the demo data: orgs, hubs, users, connectors and integrations with real-looking
// names (the icons are our own marks, see icons.mjs).
import { accounting, chatAlerts, crmSync, fileSync, helpdesk, hr, marketing, webhook } from './schemas.mjs';

/** Connectors by name: how each authenticates, the scopes its consent page shows, its mark. */
export const CONNECTORS = {
  Salesforce: { auth: 'oauth2', scopes: 'api refresh_token', color: '#0B8BD0', glyph: 'cloud' },
  HubSpot: { auth: 'oauth2', scopes: 'crm.objects.contacts.read crm.objects.contacts.write', color: '#F2704F', initials: 'HS' },
  Pipedrive: { auth: 'api_key', color: '#2B2D42', initials: 'P' },
  'Zoho CRM': { auth: 'oauth2', scopes: 'ZohoCRM.modules.ALL', color: '#D8322C', initials: 'Z' },
  Slack: { auth: 'oauth2', scopes: 'chat:write channels:read', color: '#4A154B', glyph: 'chat' },
  'Microsoft Teams': { auth: 'oauth2', scopes: 'ChannelMessage.Send Team.ReadBasic.All', color: '#5059C9', initials: 'T' },
  Discord: { auth: 'oauth2', scopes: 'bot webhook.incoming', color: '#5865F2', initials: 'D' },
  Zendesk: { auth: 'api_key', color: '#03363D', initials: 'Z' },
  Freshdesk: { auth: 'api_key', color: '#1F9E5C', initials: 'F' },
  Intercom: { auth: 'oauth2', scopes: 'read_conversations write_conversations', color: '#1F6FD6', initials: 'IC' },
  Jira: { auth: 'oauth2', scopes: 'read:jira-work write:jira-work offline_access', color: '#1868DB', initials: 'J' },
  GitHub: { auth: 'oauth2', scopes: 'repo read:org', color: '#24292F', initials: 'GH' },
  GitLab: { auth: 'api_key', color: '#E2661F', initials: 'GL' },
  Linear: { auth: 'api_key', color: '#5E6AD2', glyph: 'bolt' },
  Asana: { auth: 'oauth2', scopes: 'default', color: '#E8596A', glyph: 'check' },
  Trello: { auth: 'api_key', color: '#0079BF', initials: 'T' },
  'Monday.com': { auth: 'api_key', color: '#E5304C', glyph: 'chart' },
  Notion: { auth: 'oauth2', scopes: 'read_content update_content', color: '#2F2F2F', initials: 'N' },
  'Google Drive': { auth: 'oauth2', scopes: 'drive.file', color: '#1A73E8', glyph: 'folder' },
  Dropbox: { auth: 'oauth2', scopes: 'files.content.write files.content.read', color: '#0061FF', initials: 'Db' },
  Box: { auth: 'oauth2', scopes: 'root_readwrite', color: '#0053B8', initials: 'B' },
  Gmail: { auth: 'oauth2', scopes: 'gmail.send gmail.readonly', color: '#D93025', glyph: 'mail' },
  Mailchimp: { auth: 'api_key', color: '#C79A00', initials: 'MC' },
  SendGrid: { auth: 'api_key', color: '#1A82E2', initials: 'SG' },
  Stripe: { auth: 'api_key', color: '#635BFF', glyph: 'card' },
  QuickBooks: { auth: 'oauth2', scopes: 'com.intuit.quickbooks.accounting', color: '#2CA01C', initials: 'QB' },
  Xero: { auth: 'oauth2', scopes: 'accounting.transactions accounting.contacts offline_access', color: '#0E9CCB', initials: 'X' },
  NetSuite: { auth: 'oauth2', scopes: 'rest_webservices', color: '#1F4E79', initials: 'NS' },
  Shopify: { auth: 'api_key', color: '#4F7A32', initials: 'S' },
  Zoom: { auth: 'oauth2', scopes: 'meeting:read meeting:write', color: '#2D8CFF', glyph: 'video' },
  Calendly: { auth: 'oauth2', scopes: 'default', color: '#006BFF', glyph: 'calendar' },
  BambooHR: { auth: 'api_key', color: '#5A9E1B', initials: 'BH' },
  Workday: { auth: 'oauth2', scopes: 'staffing', color: '#E07C00', initials: 'W' },
  Airtable: { auth: 'api_key', color: '#C98A00', initials: 'At' },
  Twilio: { auth: 'api_key', color: '#E0243A', initials: 'Tw' },
  DocuSign: { auth: 'oauth2', scopes: 'signature', color: '#B88A00', initials: 'DS' },
};

/** Per integration, the connectors it writes to (creates or changes records there): a sandbox
 * connection cannot serve those templates. */
export const WRITES_TO = {
  Salesforce: ['Salesforce'], HubSpot: ['HubSpot'], Pipedrive: ['Pipedrive'], 'Zoho CRM': ['Zoho CRM'],
  Zendesk: ['Zendesk'], Freshdesk: ['Freshdesk'], Slack: ['Slack'], 'Microsoft Teams': ['Microsoft Teams'],
  'Jira alerts in Slack': ['Slack'],
};

/** Integrations: [name, connectors, deployed, variablesSchema or null, description]. */
export const INTEGRATIONS = [
  ['Salesforce', ['Salesforce'], true, crmSync, 'Keep contacts, accounts and opportunities in sync with Salesforce.'],
  ['HubSpot', ['HubSpot'], true, crmSync, 'Sync contacts, companies and deals with HubSpot CRM, both ways.'],
  ['Pipedrive', ['Pipedrive'], true, crmSync, 'Send new leads to Pipedrive and track deals as they move through your pipeline.'],
  ['Zoho CRM', ['Zoho CRM'], false, crmSync, 'Two-way sync of leads and accounts with Zoho CRM. Coming soon.'],
  ['Slack', ['Slack'], true, chatAlerts, 'Post alerts and a daily digest to the Slack channels your team already uses.'],
  ['Microsoft Teams', ['Microsoft Teams'], true, chatAlerts, 'Get notified in Microsoft Teams channels when something important happens.'],
  ['Discord', ['Discord'], false, chatAlerts, 'Announce sign-ups and milestones in your community Discord server.'],
  ['Zendesk', ['Zendesk'], true, helpdesk, 'Create Zendesk tickets from customer issues and sync their status back.'],
  ['Freshdesk', ['Freshdesk'], true, helpdesk, 'Turn customer emails into Freshdesk tickets with priorities and SLAs.'],
  ['Intercom', ['Intercom'], true, helpdesk, 'See Intercom conversations next to each customer and open tickets from them.'],
  ['Jira', ['Jira'], true, null, 'Link records to Jira issues and follow their progress without leaving the app.'],
  ['Jira alerts in Slack', ['Jira', 'Slack'], true, chatAlerts, 'Post Jira issue updates for your projects to a Slack channel.'],
  ['GitHub', ['GitHub'], true, webhook, 'Receive pull request and release events from your GitHub repositories.'],
  ['GitLab', ['GitLab'], false, webhook, 'Receive merge request and pipeline events from GitLab.'],
  ['Linear', ['Linear'], true, null, 'Create Linear issues from feedback and keep their state in sync.'],
  ['Asana', ['Asana'], true, null, 'Turn follow-ups into Asana tasks assigned to the right teammate.'],
  ['Trello', ['Trello'], false, null, 'Add cards to a Trello board for every new request.'],
  ['Monday.com', ['Monday.com'], true, null, 'Mirror projects and their status on Monday.com boards.'],
  ['Notion', ['Notion'], true, fileSync, 'Export reports as Notion pages in the workspace of your choice.'],
  ['Google Drive', ['Google Drive'], true, fileSync, 'Save exports and attachments to a Google Drive folder automatically.'],
  ['Dropbox', ['Dropbox'], true, fileSync, 'Back up documents to Dropbox and keep previous versions.'],
  ['Box', ['Box'], false, fileSync, 'Store contracts and invoices in Box with retention policies.'],
  ['Gmail', ['Gmail'], true, null, 'Log emails sent from Gmail against the right customer record.'],
  ['Mailchimp', ['Mailchimp'], true, marketing, 'Add new customers to a Mailchimp audience with the right tags and consent.'],
  ['SendGrid', ['SendGrid'], true, webhook, 'Send transactional email through SendGrid and track deliveries.'],
  ['Stripe', ['Stripe'], true, accounting, 'Import Stripe payments, refunds and payouts, reconciled by customer.'],
  ['QuickBooks', ['QuickBooks'], true, accounting, 'Create QuickBooks invoices from closed deals and sync payment status.'],
  ['Xero', ['Xero'], true, accounting, 'Push invoices to Xero and reconcile payments automatically.'],
  ['NetSuite', ['NetSuite'], false, accounting, 'Post journals and invoices to NetSuite. Available on the Enterprise plan.'],
  ['Stripe to QuickBooks', ['Stripe', 'QuickBooks'], true, accounting, 'Book every Stripe payout in QuickBooks with fees and taxes split out.'],
  ['Shopify', ['Shopify'], true, webhook, 'Receive Shopify orders and customers as they are created.'],
  ['Zoom', ['Zoom'], true, null, 'Schedule Zoom meetings from any record and attach recordings afterwards.'],
  ['Calendly', ['Calendly'], true, null, 'Create leads from Calendly bookings and show upcoming meetings.'],
  ['BambooHR', ['BambooHR'], true, hr, 'Import employees and departments from BambooHR every night.'],
  ['Workday', ['Workday'], false, hr, 'Provision and deprovision users from Workday. Coming soon.'],
  ['Airtable', ['Airtable'], true, null, 'Sync records to an Airtable base for ad-hoc reporting.'],
  ['Twilio', ['Twilio'], true, webhook, 'Send SMS notifications through your own Twilio account.'],
  ['DocuSign', ['DocuSign'], false, null, 'Send quotes for signature with DocuSign and track their status.'],
];

/**
 * Orgs → hubs → users and the integrations each hub offers (null: all of INTEGRATIONS). The
 * same external id in two hubs is two different users, as the wire contract says.
 */
export const TENANTS = [
  {
    org: 'Acme Inc.',
    hubs: [
      { name: 'Acme CRM', integrations: null, users: [['alice@acme.test', 'Alice Martin'], ['bob@acme.test', 'Bob Chen']] },
      { name: 'Acme Helpdesk', integrations: ['Zendesk', 'Slack', 'Jira', 'Jira alerts in Slack'], users: [['alice@acme.test', 'Alice Martin']] },
    ],
  },
  {
    org: 'Globex Corporation',
    hubs: [
      { name: 'Globex Portal', integrations: ['Salesforce', 'Slack', 'Stripe', 'Google Drive'], users: [['carol', 'Carol Diaz']] },
    ],
  },
];

/** Whom `npm start` prints a token for. */
export const DEMO_USER = { hub: 'Acme CRM', externalId: 'alice@acme.test' };
