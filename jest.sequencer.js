/**
 * Order of the test files for the two workers: the browser suites and the fault drills first (a minute or more
 * each), then the rest; within each group jest's own order (longest last run first, else the largest file). A long
 * suite started last keeps one worker busy alone at the end (the a11y gate once did so for four minutes in CI).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest loads this file as CommonJS
const Sequencer = require('@jest/test-sequencer').default;

const LONG = /[\\/]client[\\/]e2e[\\/]|[\\/]drills\.test\.ts$/;

class LongFirstSequencer extends Sequencer {
  sort(tests) {
    const long = (test) => (LONG.test(test.path) ? 1 : 0);
    // Array sort is stable: jest's order holds within each group.
    return [...super.sort(tests)].sort((a, b) => long(b) - long(a));
  }
}

module.exports = LongFirstSequencer;
