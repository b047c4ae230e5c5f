/**
 * Jest's module runtime, compiling each module once per worker instead of once per test file.
 *
 * Every test file gets a fresh module registry and a fresh global context, so a worker evaluates
 * zod, React, jsdom's Atlaskit tree and jest's own expect/circus again for each of its files. That
 * is right: module state must not leak between files. But jest 30 compiles each of those modules
 * with `vm.compileFunction`, which V8 never caches, so it also re-parses and re-compiles the same
 * source (and, as tests call them, the same inner functions) each time: in `npm run test:unit`
 * that was a fifth of the CPU (issue 11, item 6). A `vm.Script` with the same source and file name
 * hits V8's in-process compilation cache, which shares compiled code, never state: each file still
 * runs the module's top level in its own context and gets its own exports.
 *
 * The wrapper is the one jest used before version 30 (`{"Object.<anonymous>": function (...)}`),
 * on the module's first line so that line numbers in stack traces and source maps are unchanged.
 * Dynamic `import()` goes to jest exactly as before. Anything this cannot compile is handed to
 * jest's own compiler, so syntax errors read as they always did.
 */
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

const WRAPPER_KEY = 'Object.<anonymous>';

/** @param {import('jest-runtime').default} runtime */
function compileOnce(runtime) {
  const executor = runtime.executor;
  if (typeof executor?.compile !== 'function' || typeof executor.dynamicImport !== 'function') {
    throw new Error(
      'test/jest/compile-once-runtime.js: this jest-runtime has no executor.compile; ' +
        'check the override against the installed jest version.',
    );
  }
  const jestCompile = executor.compile.bind(executor);

  executor.compile = function compile(scriptSource, filename) {
    const vmContext = this.environment.getVmContext();
    if (vmContext == null) return null;
    const scriptFilename = this.resolution.isCoreModule(filename)
      ? `jest-nodejs-core-${filename}`
      : filename;
    const parameters = this.injectedModuleParameters.join(',');
    let script;
    try {
      script = new vm.Script(`({"${WRAPPER_KEY}":function(${parameters}){${scriptSource}\n}});`, {
        filename: scriptFilename,
        importModuleDynamically: (specifier, _script, importAttributes, phase) => {
          if (typeof vm.SyntheticModule !== 'function') {
            throw new Error(
              'You need to run with a version of node that supports ES Modules in the VM API. ' +
                'See https://jestjs.io/docs/ecmascript-modules',
            );
          }
          return this.dynamicImport(specifier, scriptFilename, vmContext, importAttributes, phase);
        },
      });
    } catch {
      return jestCompile(scriptSource, filename);
    }
    return script.runInContext(vmContext)[WRAPPER_KEY];
  };
}

class CompileOnceRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    compileOnce(this);
  }
}

module.exports = CompileOnceRuntime;
