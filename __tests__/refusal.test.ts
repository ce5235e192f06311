import { describe, expect, it } from 'vitest'
import { parseJsonObject } from '../src/shared/json.js'
import { readRefusal, type Refusal } from '../src/shared/refusal.js'

const none = { code: undefined, subcode: undefined, error: undefined, transient: false }

describe('readRefusal: every error shape the services send, read in one place', () => {
  // Replies recorded in the wild (../shared/REFERENCE.md, "What the real services send").
  it.each<[string, string, Refusal]>([
    [
      "Graph's shape: an expired token",
      '{"error": {"error_subcode": 463, "type": "OAuthException", "code": 190, "message": "Error validating access token: Session has expired on Feb 7, 2014 9:54am. The current time is Feb 8, 2014 8:58am."}}',
      {
        ...none,
        message: 'Error validating access token: Session has expired on Feb 7, 2014 9:54am. The current time is Feb 8, 2014 8:58am.',
        code: 190,
        subcode: 463
      }
    ],
    [
      "Graph's shape, marked temporary (a 401 with code 2)",
      '{"error": {"message": "An unexpected error has occurred. Please retry your request later.", "type": "OAuthException", "is_transient": true, "code": 2, "fbtrace_id": "A1"}}',
      { ...none, message: 'An unexpected error has occurred. Please retry your request later.', code: 2, transient: true }
    ],
    [
      "Instagram's flat shape",
      '{"error_type": "OAuthException", "code": 400, "error_message": "Matching code was not found or was already used."}',
      { ...none, message: 'Matching code was not found or was already used.', code: 400, error: 'OAuthException' }
    ],
    [
      "RFC 6749's shape (LinkedIn's OAuth host)",
      '{"error": "invalid_grant", "error_description": "Token has been expired or revoked."}',
      { ...none, message: 'Token has been expired or revoked.', error: 'invalid_grant' }
    ],
    [
      "RFC 6749's shape without a description (X)",
      '{"error": "unauthorized_client"}',
      { ...none, message: undefined, error: 'unauthorized_client' }
    ],
    [
      "LinkedIn's API shape",
      '{"serviceErrorCode": 65600, "message": "Invalid access token", "status": 401}',
      { ...none, message: 'Invalid access token', code: 65600 }
    ]
  ])('%s', (_case, body, refusal) => {
    expect(readRefusal(parseJsonObject(body))).toEqual(refusal)
  })

  it('a Graph error without a message takes the one meant for users, where there is one', () => {
    expect(readRefusal({ error: { code: 10, error_user_msg: 'You do not have permission.' } })?.message).toBe('You do not have permission.')
  })

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['a token reply', { access_token: 'THAA', expires_in: 5183944 }],
    ['a GitHub-style message', { message: 'Not Found' }],
    ['an empty object', {}]
  ])('%s holds no refusal', (_case, body) => {
    expect(readRefusal(body as Record<string, unknown> | undefined)).toBeUndefined()
  })

  it.each<[string, Record<string, unknown>, Partial<Refusal>]>([
    ['a code that is not a number', { error: { message: 'm', code: '190' } }, { code: undefined }],
    ['a fractional code', { error: { message: 'm', code: 1.5 } }, { code: undefined }],
    ['is_transient that is not true', { error: { message: 'm', is_transient: 'yes' } }, { transient: false }],
    ['an empty message', { error: { message: '  ', code: 1 } }, { message: undefined }],
    ['an RFC error code with a quote in it', { error: 'bad"code' }, { error: undefined }],
    ['an RFC error code with a line break', { error: 'invalid_grant\n::warning::x' }, { error: undefined }],
    ['a description that is not a string', { error: 'invalid_grant', error_description: 42 }, { message: undefined }]
  ])('%s is not taken as given', (_case, body, expected) => {
    expect(readRefusal(body)).toMatchObject(expected)
  })
})
