/**
 * Jest's module runtime, compiling each module once per worker instead of once per test file.
 *
 * Every test file gets a fresh module registry and a fresh global context, so a worker evaluates
 * zod, React, the Atlaskit tree and jest's own expect/circus again for each of its files. That
 * is right: module state must not leak between files. But jest 30 compiles each of those modules
 * with `vm.compileFunction`, which V8 never caches, so it also re-parses and re-compiles the same
 * source (and, as tests call them, the same inner functions) each time. Sharing the compiled code
 * took a fifth to a quarter off the CPU time of `npm run test:unit` (issue 11, item 6; measured
 * against the previous commit, 1 and 2 workers). A `vm.Script` with the same source and file name
 * hits V8's in-process compilation cache, which shares compiled code, never state: each file still
 * runs the module's top level in its own context and gets its own exports.
 *
 * The wrapper is the one jest used before version 30 (`{"Object.<anonymous>": function (...)}`),
 * on the module's first line so that line numbers in stack traces and source maps are unchanged.
 * Dynamic `import()` goes to jest exactly as before. Anything this cannot compile is handed to
 * jest's own compiler, so syntax errors read as they always did.
 *
 * For the same reason each file also re-read every installed package's source from disk (7 MB
 * for a settings-page test), only for jest's transformer to answer from the per-worker copy it
 * keeps by file name and mtime. Sources under node_modules are therefore read once per worker;
 * the project's own files are read as before, so a file edited in watch mode is seen.
 */
const vm = require('node:vm');
const Runtime = require('jest-runtime').default;

const WRAPPER_KEY = 'Object.<anonymous>';
const INSTALLED = /[\\/]node_modules[\\/]/;

/** Sources of installed packages, read once per worker. */
const installedSources = new Map();

/** Jest's per-file source cache, answering for installed packages from `installedSources`. */
class SourceCache extends Map {
  get(filename) {
    return (
      super.get(filename) ?? (INSTALLED.test(filename) ? installedSources.get(filename) : undefined)
    );
  }

  set(filename, source) {
    if (INSTALLED.test(filename)) installedSources.set(filename, source);
    return super.set(filename, source);
  }
}

/**
 * The wrapped source of each module, kept so that a module loaded again hands V8 the very same
 * string: its compilation-cache lookup then finds the hash already computed on it.
 */
const wrappedSources = new Map();

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
    let wrapped = wrappedSources.get(scriptFilename);
    if (wrapped?.source !== scriptSource || wrapped.parameters !== parameters) {
      wrapped = {
        source: scriptSource,
        parameters,
        code: `({"${WRAPPER_KEY}":function(${parameters}){${scriptSource}\n}});`,
      };
      wrappedSources.set(scriptFilename, wrapped);
    }
    let script;
    try {
      script = new vm.Script(wrapped.code, {
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
  constructor(config, environment, resolver, transformer, cacheFS, ...rest) {
    super(config, environment, resolver, transformer, new SourceCache(cacheFS), ...rest);
    compileOnce(this);
  }
}

module.exports = CompileOnceRuntime;
