export { createProcessRunner, DEFAULT_KILL_GRACE_MS, type ProcessRunnerOptions } from './runner.js';
export { buildStepEnv, INHERITED_ENV, type StepEnv } from './env.js';
export { maskerFor, maskMarker, MIN_MASKED_LENGTH, type NamedSecret } from './mask.js';
export { MASK_MARGIN_BYTES } from './output.js';
