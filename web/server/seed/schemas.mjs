// schemas.mjs — the demo integrations' variablesSchemas: enums, formats, nested groups, secrets
// and conditionals, so the settings form shows every kind of control.

const $schema = 'https://json-schema.org/draft/2020-12/schema';

export const crmSync = {
  $schema,
  type: 'object',
  title: 'CRM sync',
  properties: {
    direction: {
      title: 'Sync direction', enum: ['one-way', 'two-way'], default: 'one-way',
      description: 'One-way copies records into the CRM; two-way also writes CRM changes back.',
    },
    objects: {
      title: 'Records to sync', type: 'array', minItems: 1, uniqueItems: true,
      items: { enum: ['contacts', 'companies', 'deals', 'tasks'] }, default: ['contacts', 'companies'],
    },
    conflictPolicy: {
      title: 'When both sides changed', enum: ['crm-wins', 'app-wins', 'newest-wins'],
      description: 'Only used by two-way sync.',
    },
    owner: {
      type: 'object', title: 'Record owner', 'x-group': 'Ownership',
      properties: {
        email: { title: 'Default owner email', type: 'string', format: 'email', 'x-alignment': 'left' },
        assignRoundRobin: { title: 'Assign new leads round-robin', type: 'boolean', default: false, 'x-alignment': 'right' },
      },
      required: ['email'],
    },
    schedule: {
      type: 'object', title: 'Schedule', 'x-group': 'Schedule',
      properties: {
        frequency: { title: 'Frequency', enum: ['15m', 'hourly', 'daily'], default: 'hourly' },
        startDate: { title: 'Start on', type: 'string', format: 'date' },
      },
    },
  },
  required: ['direction', 'objects', 'owner'],
  if: { properties: { direction: { const: 'two-way' } }, required: ['direction'] },
  then: { required: ['conflictPolicy'] },
  additionalProperties: false,
};

export const chatAlerts = {
  $schema,
  type: 'object',
  title: 'Notifications',
  properties: {
    channel: {
      title: 'Channel', type: 'string', pattern: '^#[a-z0-9][a-z0-9_-]{0,79}$', default: '#general',
      description: 'Where alerts are posted, e.g. #sales-alerts.',
    },
    events: {
      title: 'Notify me about', type: 'array', uniqueItems: true, minItems: 1,
      items: { enum: ['deal-won', 'deal-lost', 'new-signup', 'invoice-overdue'] }, default: ['deal-won'],
    },
    mentionOwner: { title: 'Mention the record owner', type: 'boolean', default: true },
    digest: {
      type: 'object', title: 'Daily digest', 'x-group': 'Digest',
      properties: {
        enabled: { title: 'Send a daily digest', type: 'boolean', default: false },
        time: { title: 'Send at', type: 'string', format: 'time', default: '09:00:00Z' },
        timezone: { title: 'Time zone', enum: ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'], default: 'UTC' },
      },
      dependentRequired: { enabled: ['time'] },
    },
  },
  required: ['channel', 'events'],
  additionalProperties: false,
};

export const helpdesk = {
  $schema,
  type: 'object',
  title: 'Help desk',
  properties: {
    subdomain: {
      title: 'Account subdomain', type: 'string', format: 'hostname', maxLength: 63,
      description: 'The part before the vendor domain, e.g. "acme".',
    },
    defaultPriority: { title: 'Default priority', enum: ['low', 'normal', 'high', 'urgent'], default: 'normal' },
    syncComments: { title: 'Sync public comments', type: 'boolean', default: true },
    slaHours: { title: 'First-response SLA (hours)', type: 'integer', minimum: 1, maximum: 168, default: 24 },
    escalation: {
      type: 'object', title: 'Escalation', 'x-group': 'Escalation',
      properties: {
        email: { title: 'Escalate to', type: 'string', format: 'email' },
        afterHours: { title: 'After (hours)', type: 'number', minimum: 0.5, maximum: 72 },
      },
      dependentRequired: { email: ['afterHours'] },
    },
  },
  required: ['subdomain'],
  additionalProperties: false,
};

export const accounting = {
  $schema,
  type: 'object',
  title: 'Accounting',
  properties: {
    currency: { title: 'Base currency', enum: ['EUR', 'GBP', 'USD', 'CHF', 'JPY', 'AUD'], default: 'EUR' },
    salesAccount: { title: 'Sales account code', type: 'string', pattern: '^[0-9]{3,6}$', default: '4000' },
    taxInclusive: { title: 'Prices include tax', type: 'boolean', default: true },
    taxRate: { title: 'Tax rate (%)', type: 'number', minimum: 0, maximum: 50, multipleOf: 0.01 },
    syncFrom: { title: 'Import invoices from', type: 'string', format: 'date' },
    webhookSecret: {
      title: 'Webhook signing secret', type: 'string', writeOnly: true, minLength: 16,
      description: 'Used to verify payment notifications. Stored encrypted; never shown again.',
    },
  },
  required: ['currency', 'salesAccount'],
  if: { properties: { taxInclusive: { const: false } }, required: ['taxInclusive'] },
  then: { required: ['taxRate'] },
  additionalProperties: false,
};

export const fileSync = {
  $schema,
  type: 'object',
  title: 'File sync',
  properties: {
    folder: { title: 'Folder', type: 'string', pattern: '^/', default: '/Shared/Exports', description: 'An absolute folder path.' },
    fileTypes: {
      title: 'File types', type: 'array', uniqueItems: true,
      items: { enum: ['pdf', 'docx', 'xlsx', 'csv', 'png', 'jpg'] }, default: ['pdf', 'csv'],
    },
    maxFileSizeMb: { title: 'Largest file (MB)', type: 'integer', minimum: 1, maximum: 2048, default: 100 },
    conflict: { title: 'If a file exists', enum: ['rename', 'overwrite', 'skip'], default: 'rename', 'x-alignment': 'left' },
    keepVersions: { title: 'Keep previous versions', type: 'boolean', default: true, 'x-alignment': 'right' },
  },
  required: ['folder'],
  additionalProperties: false,
};

export const marketing = {
  $schema,
  type: 'object',
  title: 'Audience sync',
  properties: {
    listId: { title: 'Audience or list id', type: 'string', minLength: 1, maxLength: 64 },
    doubleOptIn: { title: 'Require double opt-in', type: 'boolean', default: true },
    tags: { title: 'Tags for new contacts', type: 'array', maxItems: 10, items: { type: 'string', maxLength: 40 } },
    consent: {
      type: 'object', title: 'Consent', 'x-group': 'Consent',
      properties: {
        basis: { title: 'Lawful basis', enum: ['consent', 'contract', 'legitimate-interest'], default: 'consent' },
        policyUrl: { title: 'Privacy policy URL', type: 'string', format: 'uri' },
      },
      required: ['basis'],
    },
  },
  required: ['listId'],
  additionalProperties: false,
};

export const webhook = {
  $schema,
  type: 'object',
  title: 'Webhook delivery',
  properties: {
    url: { title: 'Endpoint URL', type: 'string', format: 'uri', pattern: '^https://' },
    signingSecret: { title: 'Signing secret', type: 'string', format: 'password', minLength: 24 },
    retries: { title: 'Retries', type: 'integer', minimum: 0, maximum: 10, default: 3 },
    batch: {
      type: 'object', title: 'Batching', 'x-group': 'Batching',
      properties: {
        enabled: { title: 'Batch events', type: 'boolean', default: false },
        maxEvents: { title: 'Events per batch', type: 'integer', minimum: 2, maximum: 1000, default: 100 },
      },
    },
  },
  required: ['url', 'signingSecret'],
  dependentRequired: { retries: ['url'] },
  additionalProperties: false,
};

export const hr = {
  $schema,
  type: 'object',
  title: 'People sync',
  properties: {
    employeeFields: {
      title: 'Fields to import', type: 'array', uniqueItems: true, minItems: 1,
      items: { enum: ['name', 'email', 'department', 'manager', 'startDate', 'location'] },
      default: ['name', 'email', 'department'],
    },
    includeContractors: { title: 'Include contractors', type: 'boolean', default: false },
    syncTime: { title: 'Nightly sync at', type: 'string', format: 'time', default: '02:00:00Z' },
    deprovision: {
      title: 'When someone leaves', oneOf: [
        { const: 'suspend', title: 'Suspend their account' },
        { const: 'delete', title: 'Delete their account' },
        { const: 'nothing', title: 'Do nothing' },
      ], default: 'suspend',
    },
  },
  required: ['employeeFields'],
  additionalProperties: false,
};
