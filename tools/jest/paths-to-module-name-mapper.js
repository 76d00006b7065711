// Maps tsconfig path aliases (@sargs/...) to their source for jest, so tests run the TypeScript
// source directly.
function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

exports.pathsToModuleNameMapper = (paths, rootDir) => {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(paths)) {
    mapper[`^${escape(alias)}$`] = `${rootDir}/${target}`;
  }
  return mapper;
};
