// Remembers a pure function's answers for string inputs that recur on a hot path (template
// sources, header names). The memory is bounded: when full it starts over, since the inputs
// that recur come back at once and a rare one costs a single recomputation.

export function memoizeByString<T>(compute: (input: string) => T, maxEntries: number): (input: string) => T {
  const answers = new Map<string, T>();
  return (input) => {
    if (answers.has(input)) return answers.get(input) as T;
    const answer = compute(input);
    if (answers.size >= maxEntries) answers.clear();
    answers.set(input, answer);
    return answer;
  };
}
