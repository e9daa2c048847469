// Lets schema validation skip the tests that are plainly valid. zod builds a copy of every value
// it checks; for 50,000 inline tests that copy is ~30 MB and a third of a second, only to be
// thrown away because it equals what was written. A test whose every key and value is of a shape
// the schema accepts unchanged (checked here, more narrowly than the schema) is validated by this
// check alone; every other test still goes through zod, so its errors read exactly as before.

type Raw = Record<string, unknown>;

/** Stands in for a plain test while zod checks the rest: a string is a valid test item, checked at once. */
const PLACEHOLDER = '';

const ASSERTION_KEYS: Record<string, (value: unknown) => boolean> = {
  type: (v) => typeof v === 'string',
  value: () => true,
  threshold: (v) => typeof v === 'number',
  weight: (v) => typeof v === 'number',
  metric: (v) => typeof v === 'string',
};

const TEST_KEYS: Record<string, (value: unknown) => boolean> = {
  // A number would be turned into text by the schema: that test takes the schema's path.
  description: (v) => typeof v === 'string',
  vars: isPlainRecord,
  assert: (v) => Array.isArray(v) && v.every(isPlainAssertion),
  threshold: (v) => typeof v === 'number',
  metadata: isPlainRecord,
};

function isPlainObject(value: unknown): value is Raw {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// A record copies its keys one by one: `__proto__` as an own key would not survive that copy.
function isPlainRecord(value: unknown): boolean {
  return isPlainObject(value) && !Object.hasOwn(value, '__proto__');
}

function hasOnly(value: Raw, allowed: Record<string, (value: unknown) => boolean>): boolean {
  for (const key of Object.keys(value)) {
    const check = Object.hasOwn(allowed, key) ? allowed[key] : undefined;
    if (!check || value[key] === undefined || !check(value[key])) return false;
  }
  return true;
}

function isPlainAssertion(value: unknown): boolean {
  return isPlainObject(value) && typeof value.type === 'string' && hasOnly(value, ASSERTION_KEYS);
}

/** True when the schema would accept `test` and give back a value equal to it. */
export function isPlainTest(test: unknown): boolean {
  return isPlainObject(test) && hasOnly(test, TEST_KEYS);
}

/**
 * `config` for the schema with its plain inline tests replaced by placeholders (indices, and so
 * error paths, unchanged), and a function that puts the written tests back into the checked value.
 */
export function setPlainTestsAside(config: Raw): { forSchema: Raw; restore: (checked: Raw) => Raw } {
  const tests = config.tests;
  if (!Array.isArray(tests)) return { forSchema: config, restore: (checked) => checked };
  const setAside = new Uint8Array(tests.length);
  let plain = 0;
  const forSchema = tests.map((test: unknown, i) => {
    if (!isPlainTest(test)) return test;
    setAside[i] = 1;
    plain++;
    return PLACEHOLDER;
  });
  if (plain === 0) return { forSchema: config, restore: (checked) => checked };
  return {
    forSchema: { ...config, tests: forSchema },
    restore: (checked) => ({
      ...checked,
      tests: (checked.tests as unknown[]).map((test, i) => (setAside[i] === 1 ? tests[i] : test)),
    }),
  };
}
