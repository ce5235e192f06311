/**
 * The sequential baseline for `npm run bench`: what a plain script does without thinking about
 * round trips: refresh, then read the public key, then seal and write. One request at a time.
 * Arguments: graph URL, GitHub URL, repository, GitHub token, long-lived token.
 */
import sodium from 'libsodium-wrappers'

const [graphUrl, githubUrl, repository, githubToken, token] = process.argv.slice(2)
const github = { authorization: `token ${githubToken}`, accept: 'application/vnd.github+json' }

const refreshed = await (await fetch(`${graphUrl}/refresh_access_token?grant_type=th_refresh_token&access_token=${token}`)).json()
const key = await (await fetch(`${githubUrl}/repos/${repository}/actions/secrets/public-key`, { headers: github })).json()
await sodium.ready
const sealed = sodium.to_base64(
  sodium.crypto_box_seal(sodium.from_string(refreshed.access_token), sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL)),
  sodium.base64_variants.ORIGINAL
)
const put = await fetch(`${githubUrl}/repos/${repository}/actions/secrets/THREAD_ACCESS_TOKEN`, {
  method: 'PUT',
  headers: github,
  body: JSON.stringify({ encrypted_value: sealed, key_id: key.key_id })
})
if (put.status !== 201 && put.status !== 204) process.exitCode = 1
