// Two workers share the run: a long suite that starts last leaves one core idle until it ends.
// On a clean clone jest has no timings, so it orders by file size, which says little about how
// long a suite runs. Tiers are ordered instead: browser suites, then e2e (a whole platform), then
// integration, then unit; within a tier, jest's own order (timings when it has them, else size).
const Sequencer = require('@jest/test-sequencer').default;

const TIERS = [/\/libs\/web\/test\/.*\.e2e-spec\.ts$/, /\.e2e-spec\.ts$/, /\.int-spec\.ts$/];

const tier = (testPath) => {
  const index = TIERS.findIndex((pattern) => pattern.test(testPath));
  return index === -1 ? TIERS.length : index;
};

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const position = new Map(ordered.map((test, i) => [test, i]));
    return [...ordered].sort((a, b) => tier(a.path) - tier(b.path) || position.get(a) - position.get(b));
  }
}

module.exports = LongestFirstSequencer;
