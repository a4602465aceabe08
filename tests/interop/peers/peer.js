// A TLS 1.2 test peer written with Node.js's standard library only (the tls module), used by
// tests/interop/peers.sh to exercise glasstls against another independent stack (OpenSSL inside
// Node, driven through a different API). Same command line and output as peer.go:
//   node peer.js server CERT KEY [--client-ca CA] [--alpn p,q] [--conns N]
//   node peer.js client PORT CA [--cert C --key K] [--alpn p,q] [--bytes N] [--resume]
'use strict';
const tls = require('tls');
const fs = require('fs');
const crypto = require('crypto');

function opts(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i].replace(/^-+/, '');
    o[k] = argv[i + 1] === undefined || argv[i + 1].startsWith('-') ? (i--, true) : argv[i + 1];
  }
  return o;
}
const list = (s) => (s ? s.split(',') : undefined);

function describe(s) {
  const peer = s.getPeerCertificate();
  const suite = s.getCipher() ? s.getCipher().standardName : '-';
  return `conn version=${s.getProtocol()} suite=${suite} resumed=${s.isSessionReused()} ` +
    `alpn=${s.alpnProtocol || '-'} peer=${(peer && peer.subject && peer.subject.CN) || '-'}`;
}

function server(cert, key, o) {
  let left = Number(o.conns || 1);
  const cfg = { cert: fs.readFileSync(cert), key: fs.readFileSync(key), maxVersion: 'TLSv1.2',
    ALPNProtocols: list(o.alpn) };
  if (o['client-ca']) Object.assign(cfg, { ca: fs.readFileSync(o['client-ca']), requestCert: true,
    rejectUnauthorized: true });
  const srv = tls.createServer(cfg, (s) => {
    console.log(describe(s));
    let n = 0;
    s.on('data', (d) => { n += d.length; s.write(d); });
    s.on('end', () => {       // the client's close_notify
      console.log(`echoed ${n} bytes, close_notify received`);
      s.end();                // ours
      if (--left === 0) srv.close();
    });
    s.on('error', (e) => console.log(`echo error: ${e.message}`));
  });
  srv.on('tlsClientError', (e) => {
    console.log(`handshake failed: ${e.message}`);
    if (--left === 0) srv.close();
  });
  srv.listen(0, '127.0.0.1', () => console.log(`port ${srv.address().port}`));
}

function client(port, ca, o) {
  const size = Number(o.bytes || 1024);
  const rounds = o.resume ? 2 : 1;
  let session;
  const once = (round) => {
    const cfg = { host: '127.0.0.1', port: Number(port), ca: fs.readFileSync(ca), servername: 'localhost',
      maxVersion: 'TLSv1.2', ALPNProtocols: list(o.alpn), session };
    if (o.cert) Object.assign(cfg, { cert: fs.readFileSync(o.cert), key: fs.readFileSync(o.key) });
    const data = crypto.randomBytes(size);
    const back = [];
    const s = tls.connect(cfg, () => {
      console.log(describe(s));
      s.end(data);            // the data, then close_notify
    });
    s.on('session', (sess) => { session = sess; });
    s.on('data', (d) => back.push(d));
    s.on('error', (e) => { console.log(`error: ${e.message}`); process.exit(1); });
    s.on('close', () => {
      const got = Buffer.concat(back);
      const h = (b) => crypto.createHash('sha256').update(b).digest('hex');
      if (h(got) !== h(data)) { console.log(`error: echo mismatch: sent ${size}, got ${got.length}`); process.exit(1); }
      console.log(`echo sha256 OK (${got.length} bytes)`);
      if (round + 1 < rounds) once(round + 1);
    });
  };
  once(0);
}

const [mode, a, b, ...rest] = process.argv.slice(2);
if (mode === 'server') server(a, b, opts(rest));
else if (mode === 'client') client(a, b, opts(rest));
else { console.log('error: usage: peer.js server CERT KEY ... | client PORT CA ...'); process.exit(2); }
