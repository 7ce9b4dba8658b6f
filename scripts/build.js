#!/usr/bin/env node
// Compiles apps/ and libs/ to dist/ with SWC: about a second for the whole tree, so `npm start` is ready fast.
// Type checking is a separate step (`npm run typecheck`), run by `npm test` and CI.
// The `@app/*` path aliases of tsconfig.json are rewritten to relative requires, so dist/ runs with plain node.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const finalDir = path.join(root, 'dist');
// Build beside dist/ and swap it in with renames, so processes starting meanwhile never see a half-built tree.
const outDir = path.join(root, `.dist-build-${process.pid}`);
const sourceDirs = ['apps', 'libs'];

function swcOptions(filename) {
  return {
    filename,
    sourceMaps: true,
    module: { type: 'commonjs', strict: true },
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      baseUrl: root,
      paths: readAliases(),
    },
  };
}

let aliases;
function readAliases() {
  if (!aliases) {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
    aliases = tsconfig.compilerOptions.paths;
  }
  return aliases;
}

function isCompiled(file) {
  return file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.e2e-spec.ts');
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test' && entry.name !== 'node_modules') yield* walk(full);
    } else if (isCompiled(full)) {
      yield full;
    } else if (entry.name.endsWith('.html') || entry.name.endsWith('.css') || entry.name.endsWith('.sql')) {
      yield full; // static assets (console pages) travel with the code
    }
  }
}

function build() {
  const started = Date.now();
  let count = 0;
  for (const dir of sourceDirs) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const file of walk(abs)) {
      const rel = path.relative(root, file);
      const target = path.join(outDir, rel.replace(/\.ts$/, '.js'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (!file.endsWith('.ts')) {
        fs.copyFileSync(file, target);
        continue;
      }
      const { code, map } = swc.transformFileSync(file, swcOptions(file));
      fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      fs.writeFileSync(`${target}.map`, map);
      count++;
    }
  }
  if (process.env.BUILD_VERBOSE) console.log(`built ${count} files in ${Date.now() - started} ms`);
}

fs.rmSync(outDir, { recursive: true, force: true });
build();
const oldDir = path.join(root, `.dist-old-${process.pid}`);
if (fs.existsSync(finalDir)) fs.renameSync(finalDir, oldDir);
fs.renameSync(outDir, finalDir);
fs.rmSync(oldDir, { recursive: true, force: true });
