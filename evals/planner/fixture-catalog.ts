/**
 * A small catalog unlike the demo one (other services, environments, param names and enum
 * values), for unit tests that show the planners are generic over any catalog.
 */
import { InventorySchema, PlaybookSchema, PolicySchema, type Catalog } from '../../src/core/catalog/schema.js';

const step = [{ name: 'run', run: ['true'] }];

const playbooks = [
  {
    id: 'bounce-app',
    title: 'Restart an application',
    description: 'Restarts every process of an application in one environment, one at a time.',
    examples: ['restart ledger in production', 'bounce the mailer in qa', 'please cycle inventory-api on sandbox'],
    risk: 'low',
    confirm: { roles: ['ops'] },
    lock: '{app}/{env}',
    params: [
      { name: 'app', type: 'service', description: 'The application.' },
      { name: 'env', type: 'environment', description: 'Where; never assumed.' },
    ],
    steps: step,
  },
  {
    id: 'revert-release',
    title: 'Revert an application to an earlier release',
    description: 'Redeploys an earlier release: an explicit version, or previous, or last-good.',
    examples: ['revert ledger in production to the previous release', 'roll back the mailer in qa to 3.4.0', 'undo the last deploy of inventory-api in production'],
    risk: 'high',
    confirm: { roles: ['ops'] },
    lock: '{app}/{env}',
    params: [
      { name: 'app', type: 'service' },
      { name: 'env', type: 'environment' },
      { name: 'release', type: 'version', keywords: ['previous', 'last-good'] },
    ],
    steps: step,
  },
  {
    id: 'set-capacity',
    title: 'Set worker capacity',
    description: 'Sets how many workers an application runs in one environment.',
    examples: ['set ledger to 6 workers in production', 'scale the mailer down to 2 workers in qa'],
    risk: 'low',
    confirm: { roles: ['ops'] },
    lock: '{app}/{env}',
    params: [
      { name: 'app', type: 'service' },
      { name: 'env', type: 'environment' },
      { name: 'workers', type: 'integer', min: 1, max: 12, unit: 'workers', description: 'Worker count.' },
    ],
    steps: step,
  },
  {
    id: 'tail-output',
    title: 'Show recent output',
    description: 'Shows the recent log output of an application. Read-only.',
    examples: ['show ledger logs in production', 'tail the mailer output in qa for the last hour'],
    risk: 'read',
    confirm: { roles: ['ops'] },
    params: [
      { name: 'app', type: 'service' },
      { name: 'env', type: 'environment' },
      { name: 'window', type: 'duration', min: 'PT1M', max: 'PT6H', default: 'PT10M', required: false, description: 'How far back.' },
    ],
    steps: step,
  },
  {
    id: 'app-health',
    title: 'Application health',
    description: 'Shows version, workers and health of an application. Read-only.',
    examples: ['health of ledger in production', 'is the mailer healthy in qa?'],
    risk: 'read',
    confirm: { roles: ['ops'] },
    params: [
      { name: 'app', type: 'service' },
      { name: 'env', type: 'environment' },
    ],
    steps: step,
  },
  {
    id: 'pause-alarm',
    title: 'Pause an alarm',
    description: 'Pauses one alarm in one environment for a while, with a note.',
    examples: ['pause DiskAlmostFull in production for 2 hours, cleanup running', 'mute QueueBacklog in qa for 30m while we replay'],
    risk: 'low',
    confirm: { roles: ['ops'] },
    lock: '{alarm}/{env}',
    params: [
      { name: 'alarm', type: 'string', pattern: '^[A-Z][A-Za-z0-9]{2,60}$', example: 'DiskAlmostFull', description: 'The alarm name.' },
      { name: 'env', type: 'environment' },
      { name: 'duration', type: 'duration', min: 'PT5M', max: 'PT12H', default: 'PT1H', required: false },
      { name: 'note', type: 'text', maxLength: 200, description: 'Why it is paused.' },
    ],
    steps: step,
  },
  {
    id: 'toggle-switch',
    title: 'Flip a feature switch',
    description: 'Enables or disables one feature switch of an application in one environment.',
    examples: ['disable dark-mode for ledger in production', 'enable the bulk-export switch on inventory-api in qa'],
    risk: 'low',
    confirm: { roles: ['ops'] },
    lock: '{app}/{env}',
    params: [
      { name: 'app', type: 'service' },
      { name: 'env', type: 'environment' },
      { name: 'switch', type: 'string', pattern: '^[a-z][a-z0-9-]{1,40}$', example: 'dark-mode', description: "The switch's name." },
      { name: 'state', type: 'enum', values: ['enabled', 'disabled'] },
    ],
    steps: step,
  },
];

export function fixtureCatalog(): Catalog {
  const inventory = InventorySchema.parse({
    services: [
      { id: 'ledger', aliases: ['books', 'accounting'], team: 'finance', environments: ['production', 'qa'] },
      { id: 'inventory-api', aliases: ['stock', 'inv'], team: 'supply', environments: ['production', 'qa', 'sandbox'] },
      { id: 'mailer', aliases: ['smtp', 'email'], team: 'comms', environments: ['production', 'qa', 'sandbox'] },
    ],
    environments: [
      { id: 'production', aliases: ['prod', 'live'], protected: true },
      { id: 'qa', aliases: ['test'] },
      { id: 'sandbox', aliases: ['sbx'] },
    ],
  });
  const policy = PolicySchema.parse({ users: [{ id: 'U1', name: 'ana', groups: [] }], roles: { ops: { users: ['U1'] } } });
  return {
    inventory,
    policy,
    playbooks: playbooks.map((p) => ({ ...PlaybookSchema.parse(p), version: `fixture-${p.id}` })),
  };
}
