/**
 * `npm run demo`: one token of each kind kept end to end by the bundled action, on built-in loopback
 * stand-ins of the services and of the GitHub REST API: a Threads token refreshed in place, a
 * Facebook Page token checked, a LinkedIn token checked and a human warned ahead of its end (and a
 * partner's refresh token redeemed). Each claim is proved by decrypting the stored secret and asking
 * the stand-in what it holds. No real credentials, no network; exits non-zero if any claim fails.
 */
import { facebook } from './demo/facebook.js'
import { linkedin } from './demo/linkedin.js'
import { Proof } from './demo/proof.js'
import { threads } from './demo/threads.js'

const proof = new Proof()
for (const story of [threads, facebook, linkedin]) {
  await story(proof)
  console.log('')
}
const passed = proof.finish()
console.log(
  passed
    ? '\nDemo passed: every stored secret held a working token, and the token nothing renews was raised to a human 10 days ahead.'
    : `\nDemo FAILED: ${proof.failures} claim(s) failed.`
)
process.exitCode = passed ? 0 : 1
