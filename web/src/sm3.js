// sm3.js - SM3 (GB/T 32905-2016) of a UTF-8 string, hex: the seed digest a
// draw commitment publishes (the same as `printf '%s' SEED | openssl dgst -sm3`).

const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
const rotl = (x, n) => ((x << (n & 31)) | (x >>> (32 - (n & 31)))) >>> 0;
const P0 = (x) => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const P1 = (x) => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;

export function sm3(text) {
  const msg = new TextEncoder().encode(text);
  const bitLen = msg.length * 8;
  const padLen = (((msg.length + 9 + 63) >> 6) << 6);
  const buf = new Uint8Array(padLen);
  buf.set(msg);
  buf[msg.length] = 0x80;
  const dv = new DataView(buf.buffer);
  dv.setUint32(padLen - 8, Math.floor(bitLen / 0x100000000));
  dv.setUint32(padLen - 4, bitLen >>> 0);
  const V = IV.slice();
  const W = new Array(68);
  const W1 = new Array(64);
  for (let off = 0; off < padLen; off += 64) {
    for (let j = 0; j < 16; j++) W[j] = dv.getUint32(off + 4 * j);
    for (let j = 16; j < 68; j++)
      W[j] = (P1(W[j - 16] ^ W[j - 9] ^ rotl(W[j - 3], 15)) ^ rotl(W[j - 13], 7) ^ W[j - 6]) >>> 0;
    for (let j = 0; j < 64; j++) W1[j] = (W[j] ^ W[j + 4]) >>> 0;
    let [A, B, C, D, E, F, G, H] = V;
    for (let j = 0; j < 64; j++) {
      const T = j < 16 ? 0x79cc4519 : 0x7a879d8a;
      const SS1 = rotl((rotl(A, 12) + E + rotl(T, j)) >>> 0, 7);
      const SS2 = (SS1 ^ rotl(A, 12)) >>> 0;
      const FF = j < 16 ? A ^ B ^ C : (A & B) | (A & C) | (B & C);
      const GG = j < 16 ? E ^ F ^ G : (E & F) | (~E & G);
      const TT1 = ((FF >>> 0) + D + SS2 + W1[j]) >>> 0;
      const TT2 = ((GG >>> 0) + H + SS1 + W[j]) >>> 0;
      D = C;
      C = rotl(B, 9);
      B = A;
      A = TT1;
      H = G;
      G = rotl(F, 19);
      F = E;
      E = P0(TT2);
    }
    const n = [A, B, C, D, E, F, G, H];
    for (let i = 0; i < 8; i++) V[i] = (V[i] ^ n[i]) >>> 0;
  }
  return V.map((x) => x.toString(16).padStart(8, '0')).join('');
}
