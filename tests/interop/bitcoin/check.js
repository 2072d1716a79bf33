// Independent check of GigGossip.Htlc: reads {"cases":[...]} as JSON on stdin, prints {"results":[...]}.
// bitcoinjs-lib does addresses, script compile/decompile, transaction parsing, BIP143 sighash and DER;
// tiny-secp256k1 checks ECDSA. bitcoinjs-lib has no script interpreter, so the HTLC's rules (which branch,
// OP_CHECKLOCKTIMEVERIFY, clean stack, NULLFAIL) are evaluated here by code of its own.
'use strict';
const bitcoin = require('bitcoinjs-lib');
const bip66 = require('bitcoinjs-lib/src/bip66');
const ecc = require('tiny-secp256k1');

bitcoin.initEccLib(ecc);
const OPS = bitcoin.opcodes;
const LOCKTIME_THRESHOLD = 500000000;
const FINAL_SEQUENCE = 0xffffffff;
const HALF_ORDER = BigInt('0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0');
const NETWORKS = { mainnet: bitcoin.networks.bitcoin, testnet: bitcoin.networks.testnet, regtest: bitcoin.networks.regtest };

const hex = (buffer) => Buffer.from(buffer).toString('hex');
const bytes = (text) => Buffer.from(text, 'hex');

function htlcScript(c) {
  return bitcoin.script.compile([
    OPS.OP_SHA256, bytes(c.paymentHash), OPS.OP_EQUAL,
    OPS.OP_IF, bytes(c.payee),
    OPS.OP_ELSE, bitcoin.script.number.encode(c.locktime), OPS.OP_CHECKLOCKTIMEVERIFY, OPS.OP_DROP, bytes(c.payer),
    OPS.OP_ENDIF, OPS.OP_CHECKSIG,
  ]);
}

function address(c) {
  const network = NETWORKS[c.network];
  const witnessScript = htlcScript(c);
  const p2wsh = bitcoin.payments.p2wsh({ redeem: { output: witnessScript }, network });
  const decodedOutput = bitcoin.address.toOutputScript(c.address, network);
  const chunks = bitcoin.script.decompile(bytes(c.witnessScript));
  return {
    witnessScript: hex(witnessScript),
    address: p2wsh.address,
    scriptPubKey: hex(p2wsh.output),
    ourAddressScriptPubKey: hex(decodedOutput),
    ourScriptRecompiled: hex(bitcoin.script.compile(chunks)),
    ourScriptAsm: bitcoin.script.toASM(chunks),
  };
}

// The witness script's semantics, step by step, for a spend whose witness script hashes to the program.
function evaluate(tx, index, c, amount) {
  const input = tx.ins[index];
  const program = bitcoin.payments.p2wsh({ redeem: { output: htlcScript(c) } }).hash;
  if (input.script.length !== 0) return 'malleated';
  if (input.witness.length === 0) return 'witness-empty';
  const witnessScript = input.witness[input.witness.length - 1];
  if (!bitcoin.crypto.sha256(witnessScript).equals(program)) return 'program-mismatch';
  const stack = input.witness.slice(0, -1);
  if (stack.some((item) => item.length > 520)) return 'push-size';

  if (stack.length < 1) return 'stack';
  const selector = stack.pop();
  const claim = bitcoin.crypto.sha256(selector).equals(bytes(c.paymentHash));
  let key;
  if (claim) {
    key = bytes(c.payee);
  } else {
    const lock = c.locktime;
    if (lock < 0) return 'negative-locktime';
    const sameKind = (tx.locktime < LOCKTIME_THRESHOLD) === (lock < LOCKTIME_THRESHOLD);
    if (!sameKind || lock > tx.locktime || input.sequence === FINAL_SEQUENCE) return 'locktime';
    key = bytes(c.payer);
  }

  if (stack.length < 1) return 'stack';
  const signature = stack.pop();
  let valid = false;
  if (signature.length > 0) {
    if (!bip66.check(signature.slice(0, -1)) || signature.length > 73) return 'sig-der';
    const decodedDer = bip66.decode(signature.slice(0, -1));
    const s = BigInt('0x' + hex(decodedDer.s));
    if (s > HALF_ORDER) return 'sig-high-s';
    if (!bitcoin.script.isDefinedHashType(signature[signature.length - 1])) return 'sig-hashtype';
  }
  if (!bitcoin.script.isCanonicalPubKey(key)) return 'pubkey';
  if (key.length !== 33) return 'pubkey';
  if (signature.length > 0) {
    const { signature: compact, hashType } = bitcoin.script.signature.decode(signature);
    const sighash = tx.hashForWitnessV0(index, witnessScript, amount, hashType);
    valid = ecc.verify(sighash, key, compact, true);
    if (!valid) return 'nullfail';
  }
  stack.push(valid ? Buffer.from([1]) : Buffer.alloc(0));
  if (stack.length !== 1) return 'cleanstack';
  return valid ? 'ok' : 'eval-false';
}

function spend(c) {
  const tx = bitcoin.Transaction.fromHex(c.tx);
  return {
    verdict: evaluate(tx, c.inputIndex, c, c.amount),
    roundTrip: tx.toHex() === c.tx.toLowerCase(),
    txid: tx.getId(),
    wtxid: Buffer.from(tx.getHash(true)).reverse().toString('hex'),
    vsize: tx.virtualSize(),
    weight: tx.weight(),
    locktime: tx.locktime,
    sequence: tx.ins[c.inputIndex].sequence,
  };
}

function run(c) {
  try {
    if (c.kind === 'address') return address(c);
    if (c.kind === 'spend') return spend(c);
    return { error: `unknown case kind ${c.kind}` };
  } catch (e) {
    return { error: String(e && e.message ? e.message : e) };
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const { cases } = JSON.parse(input);
  process.stdout.write(JSON.stringify({ results: cases.map(run) }));
});
