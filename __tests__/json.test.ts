import { describe, expect, it } from 'vitest'
import { parseJsonObject } from '../src/shared/json.js'

describe('parseJsonObject', () => {
  it.each([
    ['a user id beyond 2^53 stays its digits', '{"user_id": 17841400000000001}', { user_id: '17841400000000001' }],
    ['a negative one too', '{"n": -90071992547409931}', { n: '-90071992547409931' }],
    ['a decimal with 17 significant digits stays its digits', '{"n": 0.12345678901234567}', { n: '0.12345678901234567' }],
    ['an exponent after 17 significant digits', '{"n": 1.2345678901234567e30}', { n: '1.2345678901234567e30' }],
    ['a safe id is a number', '{"user_id": 1784140000, "expires_in": 5183944}', { user_id: 1784140000, expires_in: 5183944 }],
    ['a 16-digit safe number is a number on either path', '{"n": 1234567890123456}', { n: 1234567890123456 }],
    ['a decimal and an exponent', '{"a": 1.5, "b": 2e3, "c": -0.25}', { a: 1.5, b: 2000, c: -0.25 }],
    [
      'a long digit run inside a string leaves the rest alone',
      '{"t": "THAA12345678901234567890", "n": 7}',
      { t: 'THAA12345678901234567890', n: 7 }
    ],
    ['an id sent as a string stays a string', '{"id": "17841400000000001", "username": "a"}', { id: '17841400000000001', username: 'a' }],
    ['a big number in an array', '{"ids": [1, 17841400000000001]}', { ids: [1, '17841400000000001'] }],
    ['a big number after a line break', '{"user_id":\n\t17841400000000001}', { user_id: '17841400000000001' }],
    ['nested values', '{"data": {"is_valid": true, "scopes": ["a"], "x": null}}', { data: { is_valid: true, scopes: ['a'], x: null } }]
  ])('%s', (_name, text, expected) => {
    expect(parseJsonObject(text)).toEqual(expected)
  })

  it.each([
    ['an array', '[{"access_token": "x"}]'],
    ['null', 'null'],
    ['a number', '17841400000000001'],
    ['a string', '"x"'],
    ['text cut short', '{"access_token": "THAAcut'],
    ['text cut short with a long number', '{"user_id": 178414000000000011'],
    ['an HTML page', '<html>502</html>'],
    ['nothing', '']
  ])('%s is not an object: undefined', (_name, text) => {
    expect(parseJsonObject(text)).toBeUndefined()
  })
})
