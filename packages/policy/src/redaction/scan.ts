/**
 * The text engine: run compiled rules over a string, merge overlapping
 * matches into regions, and replace each region.
 * @internal
 * @module
 */
import type { RedactionRule, RuleAccept } from './types.js';

/** A rule ready to run. `priority`: lower wins ties and names merged regions. */
export interface CompiledRule {
  readonly id: string;
  readonly regex: RegExp;
  readonly groups: readonly number[];
  readonly keywords: readonly string[] | undefined;
  readonly accept: RuleAccept | undefined;
  readonly priority: number;
}

/** A masked region of the input. */
export interface Region {
  start: number;
  end: number;
  rule: string;
  priority: number;
}

/** Compile a validated rule: keep its flags, add `g` and `d`, drop `y`. */
export function compileRule(rule: RedactionRule, priority: number): CompiledRule {
  const flags = [...new Set(`${rule.pattern.flags.replace('y', '')}gd`)].join('');
  const group = rule.secretGroup ?? 0;
  return {
    id: rule.id,
    regex: new RegExp(rule.pattern.source, flags),
    groups: typeof group === 'number' ? [group] : group,
    keywords: rule.keywords?.map((k) => k.toLowerCase()),
    accept: rule.accept,
    priority,
  };
}

/** Number of capture groups of a regex. */
export function groupCount(re: RegExp): number {
  return new RegExp(`${re.source}|`, re.flags.replace(/[gy]/g, '')).exec('')!.length - 1;
}

/**
 * Find every accepted match of every rule and merge overlaps into regions.
 * Within a region the rule with the lowest priority number names it.
 * `skip`: secrets that are already replacement markers (keeps redaction idempotent).
 */
export function findRegions(input: string, rules: readonly CompiledRule[], skip: ReadonlySet<string>, reentrant: boolean): Region[] {
  if (input.length === 0) return [];
  let lower: string | undefined;
  const spans: Region[] = [];
  for (const rule of rules) {
    if (rule.keywords) {
      lower ??= input.toLowerCase();
      if (!rule.keywords.some((k) => lower!.includes(k))) continue;
    }
    // A rule's `accept` could call the redactor again; never share lastIndex then.
    const re = reentrant ? new RegExp(rule.regex.source, rule.regex.flags) : rule.regex;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(input)) !== null) {
      const at = m.index;
      let start = -1;
      let end = -1;
      for (const g of rule.groups) {
        const pos = m.indices?.[g];
        if (pos) {
          [start, end] = pos;
          break;
        }
      }
      const secret = start >= 0 ? input.slice(start, end) : '';
      if (secret.length === 0 || skip.has(secret) || (rule.accept && !rule.accept(secret, { input, match: m, start, end }))) {
        // Rejected: look again from the next character, a real match may start inside this one.
        re.lastIndex = at + 1;
        continue;
      }
      if (m[0].length === 0) re.lastIndex = at + 1;
      spans.push({ start, end, rule: rule.id, priority: rule.priority });
    }
  }
  if (spans.length === 0) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end || a.priority - b.priority);
  const regions: Region[] = [];
  let current = { ...spans[0]! };
  for (let i = 1; i < spans.length; i++) {
    const s = spans[i]!;
    if (s.start < current.end) {
      if (s.end > current.end) current.end = s.end;
      if (s.priority < current.priority) {
        current.priority = s.priority;
        current.rule = s.rule;
      }
    } else {
      regions.push(current);
      current = { ...s };
    }
  }
  regions.push(current);
  return regions;
}

/** Replace each region with `replacement(rule)`. Regions are sorted and disjoint. */
export function applyRegions(input: string, regions: readonly Region[], replacement: (rule: string) => string): string {
  let out = '';
  let last = 0;
  for (const r of regions) {
    out += input.slice(last, r.start) + replacement(r.rule);
    last = r.end;
  }
  return out + input.slice(last);
}
