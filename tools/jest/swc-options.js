// swc options for jest: .tsx is parsed as TSX with preact's JSX runtime; .ts stays plain
// TypeScript, where `<T>value` is a cast, not an element.
function swcOptions(tsx) {
  return {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, tsx },
      transform: { legacyDecorator: true, decoratorMetadata: true, ...(tsx ? { react: { runtime: 'automatic', importSource: 'preact' } } : {}) },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  };
}

module.exports = { swcOptions };
