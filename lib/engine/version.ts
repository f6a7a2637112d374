// The engine's version, for the incremental recompute (supabase/functions/_shared/recompute.ts):
// a whole-org run skips customers whose inputs did not change only while this value, the rules,
// the timezone and the feature SQL are the ones the last run used. It is a digest of the files
// that decide what the recompute writes — every lib/engine/*.ts but this one, and the feature
// decoder — so a change to a rule, a reason text or a label makes the next run a full one.
// tests/functions/recompute-version.test.ts recomputes it and fails (printing the new value)
// when a file changed and this line did not.
export const ENGINE_VERSION = '56ef77509c0f83b7';
