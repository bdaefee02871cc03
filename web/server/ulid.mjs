// ulid.mjs — monotonic ULIDs (26 Crockford base32 characters: 48-bit ms time, 80 random bits).
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID_RE = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** True for a canonical (upper-case) ULID; the server only ever mints those. */
export const isUlid = (s) => typeof s === 'string' && ULID_RE.test(s);

/**
 * A ULID generator. Within one millisecond (or when the clock steps back) the random part is
 * incremented instead of redrawn, so ids minted by one process sort in minting order — which
 * keyset paging on (name, id) and `ORDER BY id` rely on.
 */
export function ulidFactory(now = Date.now) {
  let lastTime = -1;
  const random = new Uint8Array(10);
  return function ulid() {
    let time = now();
    if (time > lastTime) {
      lastTime = time;
      random.set(randomBytes(10));
    } else {
      time = lastTime;
      let i = 9;
      while (i >= 0 && random[i] === 255) random[i--] = 0;
      // 2^80 ids in one millisecond cannot happen; failing beats minting a duplicate.
      if (i < 0) throw new RangeError('ulid: random part overflowed within one millisecond');
      random[i]++;
    }
    let out = '';
    for (let t = time, k = 0; k < 10; k++, t = Math.floor(t / 32)) out = ALPHABET[t % 32] + out;
    // 80 bits as 16 five-bit groups, most significant first.
    let acc = 0, bits = 0;
    for (const byte of random) {
      acc = (acc << 8) | byte;
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out += ALPHABET[(acc >> bits) & 31];
      }
      acc &= (1 << bits) - 1;
    }
    return out;
  };
}

export const ulid = ulidFactory();
