// Decodes each BOLT 11 invoice given on the command line with the npm `bolt11` package and prints
// one JSON array: the fields the .NET tests cross-check, or {"invoice", "error"} for a rejected one.
'use strict'
const bech32 = require('bech32')
const bolt11 = require('bolt11')
const crypto = require('crypto')
const secp256k1 = require('secp256k1')

// bolt11 1.4.1 knows bc, tb, bcrt and sb; signet invoices (lntbs) need the network spelled out.
const signet = { bech32: 'tbs', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] }

function tag (decoded, name) {
  const found = decoded.tags.find(t => t.tagName === name)
  return found === undefined ? null : found.data
}

// 5-bit words to bytes, zero bits appended to the last byte (BOLT 11's signed-data rule).
function wordsToPaddedBytes (words) {
  const bytes = []
  let accumulator = 0
  let bits = 0
  for (const word of words) {
    accumulator = (accumulator << 5) | word
    bits += 5
    while (bits >= 8) {
      bits -= 8
      bytes.push((accumulator >> bits) & 0xff)
    }
  }
  if (bits > 0) bytes.push((accumulator << (8 - bits)) & 0xff)
  return Buffer.from(bytes)
}

// Verifies the signature against the recovered payee key as a check separate from recovery.
function signatureVerifies (invoice, decoded) {
  const words = bech32.decode(invoice, Number.MAX_SAFE_INTEGER).words.slice(0, -104)
  const signed = Buffer.concat([Buffer.from(decoded.prefix, 'utf8'), wordsToPaddedBytes(words)])
  const hash = crypto.createHash('sha256').update(signed).digest()
  return secp256k1.ecdsaVerify(Buffer.from(decoded.signature, 'hex'), hash, Buffer.from(decoded.payeeNodeKey, 'hex'))
}

const results = process.argv.slice(2).map(invoice => {
  try {
    const decoded = bolt11.decode(invoice, invoice.toLowerCase().startsWith('lntbs') ? signet : undefined)
    return {
      invoice,
      network: decoded.network.bech32,
      millisatoshis: decoded.millisatoshis,
      timestamp: decoded.timestamp,
      expiry: tag(decoded, 'expire_time'),
      paymentHash: tag(decoded, 'payment_hash'),
      paymentSecret: tag(decoded, 'payment_secret'),
      description: tag(decoded, 'description'),
      descriptionHash: tag(decoded, 'purpose_commit_hash'),
      minFinalCltvExpiry: tag(decoded, 'min_final_cltv_expiry'),
      payeeNodeKey: decoded.payeeNodeKey,
      signatureVerifies: signatureVerifies(invoice, decoded)
    }
  } catch (e) {
    return { invoice, error: String(e.message || e) }
  }
})
process.stdout.write(JSON.stringify(results))
