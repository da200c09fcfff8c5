import { z } from 'zod';

/** Identifiers: lowercase, digits, dashes; what people type and what appears in audit rows. */
export const Id = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'use lowercase letters, digits and dashes, starting with a letter (e.g. "restart-service")');

const ParamBase = {
  name: z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, 'param names are identifiers like "service" or "replicas"'),
  description: z.string().default(''),
  required: z.boolean().default(true),
};

export const ParamSpec = z.discriminatedUnion('type', [
  z.object({ ...ParamBase, type: z.literal('service'), default: z.string().optional() }).strict(),
  /** Only read-only playbooks may default the environment (checked in validate.ts). */
  z.object({ ...ParamBase, type: z.literal('environment'), default: z.string().optional() }).strict(),
  z
    .object({
      ...ParamBase,
      type: z.literal('integer'),
      min: z.number().int(),
      max: z.number().int(),
      default: z.number().int().optional(),
      unit: z.string().optional(),
    })
    .strict(),
  z
    .object({
      ...ParamBase,
      type: z.literal('version'),
      /** Keywords accepted besides explicit versions (e.g. "previous"). */
      keywords: z.array(z.string()).default([]),
      /**
       * Read-only argv run when the proposal is made, with `{param}` placeholders, that prints the
       * concrete version a keyword means now; the proposal then binds that version, not the keyword.
       */
      resolve: z.array(z.string()).min(1).optional(),
    })
    .strict(),
  z
    .object({
      ...ParamBase,
      type: z.literal('duration'),
      /** ISO-8601 bounds, e.g. PT1M and PT24H. */
      min: z.string().default('PT1M'),
      max: z.string().default('PT24H'),
      default: z.string().optional(),
    })
    .strict(),
  z
    .object({
      ...ParamBase,
      type: z.literal('enum'),
      values: z.array(z.string().min(1)).min(1),
      default: z.string().optional(),
    })
    .strict(),
  z
    .object({
      ...ParamBase,
      type: z.literal('string'),
      pattern: z.string().refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'pattern must be a valid JavaScript regular expression'),
      example: z.string().optional(),
      default: z.string().optional(),
    })
    .strict(),
  z
    .object({
      ...ParamBase,
      type: z.literal('text'),
      maxLength: z.number().int().positive().default(500),
      default: z.string().optional(),
    })
    .strict(),
]);
export type ParamSpec = z.infer<typeof ParamSpec>;
export type ParamType = ParamSpec['type'];

/** An argv element may hold `{param}` placeholders; the whole element stays one argument. */
export const ArgvStep = z
  .object({
    name: z.string().min(1),
    run: z.array(z.string()).min(1, 'run needs at least the program, e.g. ["node", "script.mjs"]'),
    timeoutSeconds: z.number().int().positive().optional(),
  })
  .strict();

export const HttpStep = z
  .object({
    name: z.string().min(1),
    http: z
      .object({
        method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
        url: z.string().min(1),
        headers: z.record(z.string(), z.string()).default({}),
        body: z.unknown().optional(),
      })
      .strict(),
    timeoutSeconds: z.number().int().positive().optional(),
  })
  .strict();

export const Step = z.union([ArgvStep, HttpStep]);
export type Step = z.infer<typeof Step>;

export const Risk = z.enum(['read', 'low', 'high']);
export type Risk = z.infer<typeof Risk>;

export const PlaybookSchema = z
  .object({
    id: Id,
    title: z.string().min(1),
    description: z.string().min(1),
    examples: z.array(z.string().min(1)).min(1, 'give at least one example request, e.g. "restart checkout in prod"'),
    risk: Risk,
    confirm: z
      .object({
        roles: z.array(z.string().min(1)).min(1, 'name at least one role from the policy file'),
        /** High risk always requires two people; low may opt in. */
        twoPerson: z.boolean().optional(),
      })
      .strict(),
    lock: z.string().optional(),
    timeoutSeconds: z.number().int().positive().max(3600).default(120),
    secrets: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'secret env var names are UPPER_SNAKE_CASE')).default([]),
    params: z.array(ParamSpec).default([]),
    steps: z.array(Step).min(1, 'a playbook needs at least one step'),
    dryRun: z.array(Step).optional(),
  })
  .strict();
export type Playbook = z.infer<typeof PlaybookSchema>;

export const InventorySchema = z
  .object({
    services: z
      .array(
        z
          .object({
            id: Id,
            aliases: z.array(z.string().min(1)).default([]),
            team: z.string().min(1),
            environments: z.array(Id).min(1),
            description: z.string().default(''),
          })
          .strict(),
      )
      .min(1),
    environments: z
      .array(
        z
          .object({
            id: Id,
            aliases: z.array(z.string().min(1)).default([]),
            protected: z.boolean().default(false),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Inventory = z.infer<typeof InventorySchema>;

export const PolicySchema = z
  .object({
    /** People by immutable chat user id; `name` is only for display and `/as` in the console. */
    users: z
      .array(
        z
          .object({
            id: z.string().min(1),
            name: z.string().min(1),
            groups: z.array(z.string()).default([]),
          })
          .strict(),
      )
      .default([]),
    roles: z.record(
      z.string(),
      z
        .object({
          users: z.array(z.string()).default([]),
          groups: z.array(z.string()).default([]),
        })
        .strict(),
    ),
    /** Roles allowed to ask for proposals at all; empty means anyone in the channel. */
    requesters: z.array(z.string()).default([]),
    /** Read-only playbooks run without a click when true. */
    autoRunRead: z.boolean().default(true),
  })
  .strict();
export type Policy = z.infer<typeof PolicySchema>;

export interface Catalog {
  playbooks: ReadonlyArray<Playbook & { version: string }>;
  inventory: Inventory;
  policy: Policy;
}
export type CatalogPlaybook = Catalog['playbooks'][number];
