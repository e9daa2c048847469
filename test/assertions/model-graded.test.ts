import { describe, expect, it } from 'vitest';
import { fixtureDir, gradeOne } from './grade.js';
import { resolver, scriptedGrader } from './graders.js';

const passJson = '{"reason": "Polite and on topic", "pass": true, "score": 1}';

describe('llm-rubric', () => {
  it('passes on a passing JSON verdict and records the grader tokens', async () => {
    const grader = scriptedGrader(passJson);
    const graders = resolver({ text: grader });
    const result = await gradeOne({ type: 'llm-rubric', value: 'is polite' }, 'Thank you kindly!', { graders });
    expect(result).toMatchObject({ pass: true, score: 1, reason: 'Polite and on topic' });
    expect(result.tokensUsed).toEqual({ prompt: 10, completion: 5, total: 15, cached: 0, numRequests: 1 });
    expect(graders.counts.calls).toBe(1);
    // The default prompt is a chat prompt that shows the output and the rubric.
    const messages = JSON.parse(grader.prompts[0]!) as Array<{ role: string; content: string }>;
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[1]!.content).toContain('<Output>\nThank you kindly!\n</Output>');
    expect(messages[1]!.content).toContain('<Rubric>\nis polite\n</Rubric>');
  });

  it('fails on a failing verdict, and not-llm-rubric turns it into a pass with 1 - score', async () => {
    const graders = resolver({ text: scriptedGrader('{"reason": "Rude", "pass": false, "score": 0.2}') });
    expect(await gradeOne({ type: 'llm-rubric', value: 'is polite' }, 'Go away', { graders })).toMatchObject({
      pass: false,
      score: 0.2,
      reason: 'Rude',
    });
    const negated = await gradeOne({ type: 'not-llm-rubric', value: 'is polite' }, 'Go away', { graders });
    expect(negated.pass).toBe(true);
    expect(negated.score).toBeCloseTo(0.8);
  });

  it('finds the verdict in prose and in a code fence; pass may be a string; score defaults from pass', async () => {
    const prose = resolver({
      text: scriptedGrader('Let me think. The reply is polite.\n{"reason": "fine", "pass": "true"}\nThanks.'),
    });
    expect(await gradeOne({ type: 'llm-rubric', value: 'is polite' }, 'hi', { graders: prose })).toMatchObject({
      pass: true,
      score: 1,
    });
    const fenced = resolver({
      text: scriptedGrader(
        'Verdict:\n```json\n{"note": "skip me"}\n```\n```json\n{"reason": "no", "pass": "false"}\n```',
      ),
    });
    expect(await gradeOne({ type: 'llm-rubric', value: 'is polite' }, 'hi', { graders: fenced })).toMatchObject({
      pass: false,
      score: 0,
      reason: 'no',
    });
  });

  it('an unparseable reply fails with the reason, and not- does not flip it', async () => {
    const graders = resolver({ text: scriptedGrader('I think it is fine overall.') });
    const result = await gradeOne({ type: 'llm-rubric', value: 'is polite' }, 'hi', { graders });
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/Could not find a JSON verdict.*I think it is fine overall/);
    expect((await gradeOne({ type: 'not-llm-rubric', value: 'is polite' }, 'hi', { graders })).pass).toBe(false);
  });

  it('a grader error fails the assertion instead of stopping the run', async () => {
    const erroring = resolver({ text: scriptedGrader({ error: 'HTTP 503: overloaded' }) });
    expect(await gradeOne({ type: 'llm-rubric', value: 'x' }, 'hi', { graders: erroring })).toMatchObject({
      pass: false,
      reason: 'Grader test:grader returned an error: HTTP 503: overloaded',
    });
    const throwing = resolver({
      text: scriptedGrader(() => {
        throw new Error('socket hang up');
      }),
    });
    expect((await gradeOne({ type: 'llm-rubric', value: 'x' }, 'hi', { graders: throwing })).reason).toBe(
      'Grader test:grader failed: socket hang up',
    );
    const empty = resolver({ text: scriptedGrader('') });
    expect((await gradeOne({ type: 'llm-rubric', value: 'x' }, 'hi', { graders: empty })).reason).toBe(
      'Grader test:grader returned no output',
    );
  });

  it('without a grader it fails with the guidance on how to configure one', async () => {
    const result = await gradeOne({ type: 'llm-rubric', value: 'x' }, 'hi', { graders: resolver({}) });
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/No grader configured.*--grader/);
  });

  it('uses a custom rubricPrompt string with the output, rubric and test vars', async () => {
    const grader = scriptedGrader(passJson);
    await gradeOne(
      {
        type: 'llm-rubric',
        value: 'mentions {{city}}',
        rubricPrompt: 'Grade "{{ output }}" for: {{ rubric }} (city {{ city }})',
      },
      'Paris is nice',
      {
        graders: resolver({ text: grader }),
        vars: { city: 'Paris' },
      },
    );
    expect(grader.prompts[0]).toBe('Grade "Paris is nice" for: mentions Paris (city Paris)');
  });

  it('uses custom chat messages from the test options, keeping the JSON valid when the output has quotes', async () => {
    const grader = scriptedGrader(passJson);
    const rubricPrompt = [
      { role: 'system', content: 'You are a judge.' },
      { role: 'user', content: 'Output: {{ output }}\nRubric: {{ rubric }}' },
    ];
    await gradeOne({ type: 'llm-rubric', value: 'is a quote' }, 'She said "hi"', {
      graders: resolver({ text: grader }),
      test: { options: { rubricPrompt } },
    });
    expect(JSON.parse(grader.prompts[0]!)).toEqual([
      { role: 'system', content: 'You are a judge.' },
      { role: 'user', content: 'Output: She said "hi"\nRubric: is a quote' },
    ]);
  });

  it('loads a rubricPrompt from a file:// path (text or YAML messages)', async () => {
    const dir = fixtureDir({
      'rubric.txt': 'Judge {{ output }} by {{ rubric }}',
      'rubric.yaml': '- role: user\n  content: "Is {{ output }} ok? {{ rubric }}"\n',
    });
    const grader = scriptedGrader(passJson);
    const graders = resolver({ text: grader });
    await gradeOne({ type: 'llm-rubric', value: 'brief', rubricPrompt: 'file://rubric.txt' }, 'hello', {
      graders,
      basePath: dir,
    });
    await gradeOne({ type: 'llm-rubric', value: 'brief', rubricPrompt: 'file://rubric.yaml' }, 'hello', {
      graders,
      basePath: dir,
    });
    expect(grader.prompts[0]).toBe('Judge hello by brief');
    expect(JSON.parse(grader.prompts[1]!)).toEqual([{ role: 'user', content: 'Is hello ok? brief' }]);
  });

  it('with a threshold, the grader must pass it and the score must reach the threshold', async () => {
    const graders = resolver({ text: scriptedGrader('{"reason": "mostly", "pass": true, "score": 0.6}') });
    expect((await gradeOne({ type: 'llm-rubric', value: 'x', threshold: 0.5 }, 'hi', { graders })).pass).toBe(true);
    expect(await gradeOne({ type: 'llm-rubric', value: 'x', threshold: 0.8 }, 'hi', { graders })).toMatchObject({
      pass: false,
      score: 0.6,
    });
    const failedByGrader = resolver({ text: scriptedGrader('{"reason": "off topic", "pass": false, "score": 0.9}') });
    expect(
      await gradeOne({ type: 'llm-rubric', value: 'x', threshold: 0.5 }, 'hi', { graders: failedByGrader }),
    ).toMatchObject({ pass: false, reason: 'off topic' });
  });
});

describe('model-graded-closedqa', () => {
  it('passes on a trailing Y and fails on a trailing N, showing the question and criterion to the grader', async () => {
    const yes = scriptedGrader('The answer names the capital.\nY');
    const result = await gradeOne({ type: 'model-graded-closedqa', value: 'names the capital' }, 'Paris', {
      graders: resolver({ text: yes }),
      prompt: 'Capital of France?',
    });
    expect(result.pass).toBe(true);
    expect(yes.prompts[0]).toContain('Capital of France?');
    expect(yes.prompts[0]).toContain('names the capital');
    const no = resolver({ text: scriptedGrader('It does not.\nN') });
    expect(
      await gradeOne({ type: 'model-graded-closedqa', value: 'names the capital' }, 'Lyon', { graders: no }),
    ).toMatchObject({ pass: false });
    const neither = resolver({ text: scriptedGrader('Hard to say.') });
    expect((await gradeOne({ type: 'model-graded-closedqa', value: 'c' }, 'x', { graders: neither })).reason).toMatch(
      /does not end with Y or N/,
    );
  });
});

describe('factuality', () => {
  const graded = (reply: string, factuality?: Record<string, number>) =>
    gradeOne({ type: 'factuality', value: 'Paris is the capital of France' }, 'Paris', {
      graders: resolver({ text: scriptedGrader(reply) }),
      test: factuality ? { options: { factuality } } : {},
    });

  it('scores the five categories with promptfoo defaults (only D fails)', async () => {
    for (const category of ['A', 'B', 'C', 'E']) {
      expect(await graded(`{"category": "${category}", "reason": "r"}`)).toMatchObject({ pass: true, score: 1 });
    }
    const disagree = await graded('{"category": "D", "reason": "says Lyon"}');
    expect(disagree).toMatchObject({ pass: false, score: 0 });
    expect(disagree.reason).toMatch(/^Category D .*says Lyon/);
  });

  it('reads the older "(A) ..." reply style and uses custom scores per category', async () => {
    expect(await graded('(A) The submission is a subset.', { subset: 0.4 })).toMatchObject({ pass: true, score: 0.4 });
    expect(await graded('{"category": "B"}', { superset: 0 })).toMatchObject({ pass: false, score: 0 });
    expect(await graded('{"category": "D"}', { disagree: 0.3 })).toMatchObject({ pass: true, score: 0.3 });
    expect((await graded('no idea')).reason).toMatch(/Could not find a factuality category/);
  });
});

describe('g-eval', () => {
  const twoStep = (score: number) =>
    scriptedGrader((prompt) =>
      prompt.includes('evaluation procedures')
        ? '{"steps": ["Check tone", "Check facts"]}'
        : `{"score": ${score}, "reason": "scored"}`,
    );

  it('asks for steps, then scores 0-10 with them; normalised score against threshold 0.7', async () => {
    const grader = twoStep(8);
    const graders = resolver({ text: grader });
    const result = await gradeOne({ type: 'g-eval', value: 'Is coherent' }, 'A clear answer', {
      graders,
      prompt: 'Explain X',
    });
    expect(result).toMatchObject({ pass: true, score: 0.8, reason: 'scored' });
    expect(graders.counts.calls).toBe(2);
    expect(grader.prompts[1]).toContain('Check tone\\n- Check facts');
    expect(grader.prompts[1]).toContain('Explain X');
    expect(
      (await gradeOne({ type: 'g-eval', value: 'Is coherent' }, 'x', { graders: resolver({ text: twoStep(6) }) })).pass,
    ).toBe(false);
    expect(
      (
        await gradeOne({ type: 'g-eval', value: 'Is coherent', threshold: 0.5 }, 'x', {
          graders: resolver({ text: twoStep(6) }),
        })
      ).pass,
    ).toBe(true);
  });

  it('averages a list of criteria and fails on a score outside 0-10', async () => {
    const graders = resolver({ text: twoStep(10) });
    expect(await gradeOne({ type: 'g-eval', value: ['a', 'b'] }, 'x', { graders })).toMatchObject({
      pass: true,
      score: 1,
    });
    expect(graders.counts.calls).toBe(4);
    expect(
      (await gradeOne({ type: 'g-eval', value: 'a' }, 'x', { graders: resolver({ text: twoStep(42) }) })).reason,
    ).toMatch(/outside 0-10/);
  });
});
