#!/usr/bin/env node
// Compiles every ```ts / ```tsx code block of the guides (docs/*.md) and the
// package READMEs, so documentation cannot rot. Each block is type-checked as
// its own module against the packages' sources. A block that is deliberately
// partial is fenced as ```ts nocheck (use sparingly).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.doc-snippets');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const files = [
  ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f)),
  ...readdirSync(join(root, 'packages')).map((p) => join(root, 'packages', p, 'README.md')).filter(existsSync),
  join(root, 'README.md'),
];

const index = [];
let n = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const re = /^```(tsx|typescript|ts)([^\n]*)\n([\s\S]*?)^```/gm;
  for (const m of text.matchAll(re)) {
    if (/\bnocheck\b/.test(m[2])) continue;
    const line = text.slice(0, m.index).split('\n').length;
    const name = `s${String(++n).padStart(3, '0')}.${m[1] === 'tsx' ? 'tsx' : 'ts'}`;
    // Each snippet is a module (top-level await allowed).
    writeFileSync(join(out, name), `${m[3]}\nexport {};\n`);
    index.push({ name, where: `${relative(root, file)}:${line}` });
  }
}
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify(
    {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, noUnusedLocals: false, noUnusedParameters: false, baseUrl: '..', rootDir: '..' },
      include: ['./*.ts', './*.tsx'],
    },
    null,
    2,
  ),
);
console.log(`doc snippets: ${index.length} code blocks from ${files.length} files`);
try {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(out, 'tsconfig.json')], { stdio: 'pipe' });
  console.log('doc snippets: all compile');
} catch (e) {
  const text = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  const byName = new Map(index.map((i) => [i.name, i.where]));
  console.error(text.replace(/\.doc-snippets\/(s\d+\.tsx?)\((\d+),(\d+)\)/g, (_, f, l) => `${byName.get(f)} (+${Number(l) - 1} lines) [${f}]`));
  process.exit(1);
}
