import { describe, expect, it } from 'vitest';
import { passwordProblem } from './passwords.ts';

// ASVS 5.0 V6.2: length, no common or breached passwords, nothing trivial, nothing personal.
describe('which passwords are refused (ASVS 5.0 V6.2)', () => {
  it.each([
    ['short', /at least 12/],
    ['aaaaaaaaaaaa', /repeated/],
    ['abababababab', /repeated/],
    ['123456789012', /sequence/],
    ['abcdefghijklm', /sequence/],
    ['zyxwvutsrqpo', /sequence/],
    ['987654321098', /sequence/],
    ['qwertyuiopasdf', /sequence|common/],
    ['abcdabcdabcd', /sequence/],
    ['1qaz2wsx3edc', /common|sequence/],
    ['qwerty123456', /common/],
    ['iloveyou1234', /common/],
    ['Sunshine2026!', /common password with digits/],
    ['!!!password!!!', /common/],
    ['Welkom-12345678', /sequence|common/],
  ])('%s is refused', (pw, reason) => {
    expect(passwordProblem(pw)).toMatch(reason);
  });

  it('refuses a password that holds the e-mail address or the name', () => {
    expect(passwordProblem('fatima-veilig-2026', { email: 'fatima@example.org' })).toMatch(/e-mail address or name/);
    expect(passwordProblem('ik-ben-jansen-en-trots', { email: 'x@example.org', name: 'Piet Jansen' })).toMatch(/e-mail address or name/);
    expect(passwordProblem('PIET.JANSEN-rules-1', { email: 'piet.jansen@example.org' })).toMatch(/e-mail address or name/);
    // Short name parts say nothing and are ignored.
    expect(passwordProblem('de kat zit op de mat 7', { email: 'ab@example.org', name: 'Ab de Vos' })).toBeNull();
  });

  it.each(['a-long-password-1', 'correct horse battery staple', 'klachten-2026-veilig', 'Fietsbel op de gracht!', 'vijf-groene-appels'])('%s is accepted', (pw) => {
    expect(passwordProblem(pw, { email: 'someone@example.org', name: 'Some One' })).toBeNull();
  });
});
