/**
 * Reading policy and scenario files from disk. The engine modules stay free
 * of I/O; this is where `@agentos/policy/testing` and the CLI touch the file
 * system.
 * @module
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PolicyLoadError, ScenarioLoadError } from '../errors.js';
import { parsePolicies, type PolicySet } from '../policy-set.js';
import { parseScenarioFile, type LoadedScenario } from '../scenario.js';

/** Names of scenario files found when a directory is given: `*.scenario.yaml`, `*.scenario.yml`, `*.scenario.json`. */
export const SCENARIO_FILE_PATTERN = /\.scenario\.(ya?ml|json)$/;

/** A scenario file, parsed and with its policies loaded. */
export interface LoadedScenarioFile {
  /** The path as given (used in messages). */
  path: string;
  scenarios: LoadedScenario[];
}

function readText(path: string, what: string, makeError: (message: string, cause: unknown) => Error): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : (e as Error).message;
    throw makeError(`${path}: cannot read the ${what}: ${why}`, e);
  }
}

/**
 * Read and compile a policy file (YAML or JSON, either form).
 * Throws {@link PolicyLoadError} naming the file and the exact path of every problem.
 * @example
 * ```ts
 * const policies = loadPolicyFile('policies.yaml');
 * ```
 */
export function loadPolicyFile(path: string, options: { displayPath?: string } = {}): PolicySet {
  const shown = options.displayPath ?? path;
  const text = readText(path, 'policy file', (message, cause) =>
    new PolicyLoadError(message.replace(path, shown), [{ path: '', message }], { cause }),
  );
  return parsePolicies(text, shown);
}

/** Options of {@link loadScenarioFile}. */
export interface LoadScenarioFileOptions {
  /** Directory relative paths are read from and shown against. Default `process.cwd()`. */
  cwd?: string;
}

/** `path` as a user standing in `cwd` would type it. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, resolve(cwd, path));
  return rel === '' ? '.' : rel.startsWith('..') ? resolve(cwd, path) : rel;
}

/**
 * Read a scenario file; `policies: ./file.yaml` is read relative to the scenario file.
 * Throws {@link ScenarioLoadError} (file missing, bad YAML with its line, bad
 * scenario or policy with its path).
 * @example
 * ```ts
 * const { scenarios } = loadScenarioFile('examples/docs-stories.scenario.yaml');
 * ```
 */
export function loadScenarioFile(path: string, options: LoadScenarioFileOptions = {}): LoadedScenarioFile {
  const cwd = options.cwd ?? process.cwd();
  const full = resolve(cwd, path);
  const shown = displayPath(full, cwd);
  const text = readText(full, 'scenario file', (message, cause) => new ScenarioLoadError(message.replace(full, shown), { cause }));
  const base = dirname(full);
  const scenarios = parseScenarioFile(text, {
    source: shown,
    resolvePolicies: (reference) => {
      const policyPath = resolve(base, reference);
      return loadPolicyFile(policyPath, { displayPath: displayPath(policyPath, cwd) });
    },
  });
  return { path: shown, scenarios };
}

/**
 * Expand files and directories into a sorted list of scenario files.
 * Directories are searched recursively for {@link SCENARIO_FILE_PATTERN}
 * (skipping `node_modules` and dot-directories); files are taken as given.
 * Throws {@link ScenarioLoadError} for a path that does not exist or a
 * directory without scenario files.
 * @example
 * ```ts
 * findScenarioFiles(['policies/'], process.cwd()); // ['policies/a.scenario.yaml', …]
 * ```
 */
export function findScenarioFiles(paths: ReadonlyArray<string>, cwd: string = process.cwd()): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const full = resolve(cwd, p);
    let isDir: boolean;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      throw new ScenarioLoadError(`${p}: no such file or directory`, { hint: 'pass scenario files (*.scenario.yaml) or directories that hold them' });
    }
    if (!isDir) {
      out.push(full);
      continue;
    }
    const found = walk(full).sort();
    if (found.length === 0) {
      throw new ScenarioLoadError(`${p}: no scenario files found (looked for *.scenario.yaml, *.scenario.yml, *.scenario.json)`);
    }
    out.push(...found);
  }
  return [...new Set(out)];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile() && SCENARIO_FILE_PATTERN.test(entry.name)) out.push(full);
  }
  return out;
}
