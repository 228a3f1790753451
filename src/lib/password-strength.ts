/**
 * Refuses passwords an attacker tries first: zxcvbn-ts matches common passwords, names, English
 * words, keyboard walks, dates, repeats and l33t variants of them, and scores 0 ("too guessable")
 * or 1 ("very guessable", under 10^6 guesses) for what is built from those; both are refused.
 * Score 2 (under 10^8 guesses, e.g. 8 random characters) passes: with sign-in throttled per
 * account, it is out of reach online, which is what the 8-character minimum promises.
 *
 * The dictionaries are about 1.5 MB of the Worker, so they are imported, and the matcher built,
 * on the first register or password change only: every other request starts without them.
 */
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

const MIN_SCORE = 2;

let checker: Promise<ZxcvbnFactory> | undefined;

function loadChecker(): Promise<ZxcvbnFactory> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-en"),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  })();
  checker.catch(() => {
    checker = undefined;
  });
  return checker;
}

/**
 * Why `password` is too easy to guess, as a sentence for the user, or null when it is fine.
 * `related` holds what the account already says about its owner (the email and its parts).
 */
export async function passwordWeakness(password: string, related: string[]): Promise<string | null> {
  const result = (await loadChecker()).check(password, related);
  if (result.score >= MIN_SCORE) return null;
  const { warning, suggestions } = result.feedback;
  return ["This password is too easy to guess.", warning, ...suggestions].filter(Boolean).join(" ");
}

/** The email and its parts, which a password should not lean on. */
export const emailParts = (email: string) => [email, ...email.split(/[@.+_-]/).filter((part) => part.length > 2)];
