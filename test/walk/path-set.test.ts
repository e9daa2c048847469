// The cycle check the result walks share: a value seen again below itself is a cycle, the same
// value met again beside itself (a shared sub-object) is not, at any depth.

import { describe, expect, it } from 'vitest';
import { scrubValue } from '../../src/redaction/scrub-value.js';
import { registerSecret } from '../../src/redaction/secret-registry.js';
import { PathSet } from '../../src/walk/path-set.js';

describe('PathSet', () => {
  it('holds exactly the objects on the current path, shallow and past 64 levels', () => {
    for (const depth of [3, 64, 65, 200]) {
      const path = new PathSet();
      const nodes = Array.from({ length: depth }, (_, i) => ({ i }));
      for (const node of nodes) path.add(node);
      expect(nodes.every((node) => path.has(node))).toBe(true);
      expect(path.has({ i: 0 })).toBe(false);
      // Leaving the innermost levels takes them off the path; the outer ones stay.
      for (let i = depth - 1; i >= 1; i--) path.delete(nodes[i]!);
      expect(path.has(nodes[0]!)).toBe(true);
      expect(path.has(nodes[1]!)).toBe(false);
      path.delete(nodes[0]!);
      expect(path.has(nodes[0]!)).toBe(false);
    }
  });

  it('lets a scrub walk redact a shared sub-object everywhere and stop at a cycle, deep or shallow', () => {
    registerSecret('path-set-secret-4242');
    const shared = { note: 'key path-set-secret-4242' };
    const deep: Record<string, unknown> = { shared };
    let node = deep;
    for (let i = 0; i < 100; i++) node = (node.child = { shared }) as Record<string, unknown>;
    node.back = deep;
    const scrubbed = scrubValue({ a: shared, b: shared, deep }) as Record<string, any>;
    expect(scrubbed.a.note).toBe('key [REDACTED]');
    expect(scrubbed.b.note).toBe('key [REDACTED]');
    let walked = scrubbed.deep;
    for (let i = 0; i < 100; i++) walked = walked.child;
    expect(walked.shared.note).toBe('key [REDACTED]');
    // The cycle is left as it was (pointing back at the original), not followed forever.
    expect(walked.back).toBe(deep);
  });
});
