import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { passwordProblem } from './password-policy';

const owner = { email: 'anna.berzina@example.lv', name: 'Anna Bērziņa' };

describe('password policy (R5)', () => {
  it('accepts long unrelated passphrases without composition rules', () => {
    expect(passwordProblem('correct horse battery staple', owner)).toBeNull();
    expect(passwordProblem('ziemas saule spīd pār rīgu', owner)).toBeNull();
    expect(passwordProblem('tV9#qL2!mZ7@pR4$', owner)).toBeNull();
  });

  it('refuses short, overlong, common and guessable passwords', () => {
    expect(passwordProblem('Sh0rt!pass', owner)).toBe('must be at least 12 characters');
    expect(passwordProblem('a'.repeat(129), owner)).toBe('must be at most 128 characters');
    expect(passwordProblem('password1234', owner)).toMatch(/^is too easy to guess/);
    expect(passwordProblem('qwertyuiop123', owner)).toMatch(/^is too easy to guess/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa', owner)).toMatch(/^is too easy to guess/);
  });

  it('refuses passwords built from the address or the name', () => {
    expect(passwordProblem('anna.berzina2024!', owner)).toBe('must not contain your name or e-mail address');
    expect(passwordProblem('Bērziņa-summer-xz', owner)).toBe('must not contain your name or e-mail address');
    expect(passwordProblem('my example password xq', owner)).toBe('must not contain your name or e-mail address');
  });

  it('counts characters, not UTF-16 units: 64 emoji are allowed', () => {
    expect(passwordProblem('🦊🌲'.repeat(32), owner)).not.toBe('must be at most 128 characters');
  });

  it('never repeats the password in its answer', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (rest) => {
        // The marker appears in no message, so a quoted password would show up.
        const password = `Zq#${rest}`;
        const answer = passwordProblem(password, owner);
        return answer === null || !answer.includes(password);
      }),
    );
  });

  it('loads the word lists at the first check, not at start-up (about 30 MB resident)', () => {
    const script = `const policy = require(${JSON.stringify(path.join(__dirname, 'password-policy.ts'))});
const loaded = () => Object.keys(require.cache).some((f) => f.includes('@zxcvbn-ts/language-'));
const before = loaded();
policy.passwordProblem('correct horse battery staple', { email: 'a@example.test' });
process.stdout.write(JSON.stringify({ before, after: loaded() }));`;
    const run = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: path.resolve(__dirname, '../../../..'), encoding: 'utf8', timeout: 60_000 });
    if (run.status !== 0) throw new Error(`the check failed:\n${run.stderr}`);
    expect(JSON.parse(run.stdout)).toEqual({ before: false, after: true });
  });
});
