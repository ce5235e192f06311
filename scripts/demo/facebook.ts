/** The demo's Facebook story: a Page token from a code (user token, long-lived, the Page's), checked a week later. */
import { startProviderWorld } from '../../stand-ins/provider-world.js'
import { DAY, fingerprint, type Proof } from './proof.js'

export async function facebook(proof: Proof): Promise<void> {
  const world = await startProviderWorld('facebook')
  const { service, github, repository } = world
  const [page] = service.pages
  const stored = (): string | undefined => github.openSecret(repository, 'FACEBOOK_ACCESS_TOKEN')
  try {
    console.log('Facebook: a Page token that never expires, checked')
    const bootstrap = { 'authorization-code': service.issueCode(), 'user-id-variable': 'FACEBOOK_PAGE_ID' }
    await proof.run(world, 'a manual run with the code', 0, world.inputs(bootstrap), 'authorization-code')
    const token = stored()
    const record = service.token(token ?? '')
    proof.claim(
      record?.kind === 'page' && record.pageId === page?.id && record.expiresAt === undefined && service.isValid(token ?? ''),
      `FACEBOOK_ACCESS_TOKEN decrypts to the Page token of "${page?.name ?? '-'}" (sha256 ${fingerprint(token)}): valid, no expiry`
    )
    const pageId = github.variable(repository, 'FACEBOOK_PAGE_ID')
    proof.claim(pageId === page?.id, `FACEBOOK_PAGE_ID holds the Page's id, ${pageId ?? '-'}`)

    service.advance(7 * DAY)
    const seen = service.server.requests.length
    const scheduled = { 'long-lived-token': token ?? '', 'failure-issue': 'true' }
    await proof.run(world, 'the scheduled run', 7, world.inputs(scheduled), 'checked')
    const asked = service.server.requests.slice(seen)
    proof.claim(
      asked.length === 1 && asked[0]?.route === 'GET /:version/debug_token' && asked[0].query.get('access_token') === service.appToken,
      'one request to Facebook: debug_token, with the app token'
    )
    proof.claim(
      stored() === token &&
        github.secretWrites(repository, 'FACEBOOK_ACCESS_TOKEN') === 1 &&
        github.issues(repository).length === 0 &&
        service.isValid(token ?? ''),
      'nothing written, no issue: FACEBOOK_ACCESS_TOKEN holds the same token, written once in all, and Facebook still takes it'
    )
  } finally {
    await world.close()
  }
}
