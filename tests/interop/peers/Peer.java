// A TLS 1.2 test peer written with Java's standard library only (JSSE), used by
// tests/interop/peers.sh to exercise glasstls against a third independent TLS stack.
// JSSE reads keys from a key store, so the test converts the PEM files to PKCS#12 first
// (password "changeit"). Same command line and output as peer.go, with key stores:
//   java Peer server KEYSTORE.p12 [--client-ca CA.pem] [--alpn p,q] [--conns N]
//   java Peer client PORT CA.pem [--keystore CLIENT.p12] [--alpn p,q] [--bytes N] [--resume]
import java.io.*;
import java.net.*;
import java.security.*;
import java.security.cert.*;
import java.util.*;
import javax.net.ssl.*;

public class Peer {
    static final char[] PASS = "changeit".toCharArray();

    static Map<String, String> opts(String[] a, int from) {
        Map<String, String> o = new HashMap<>();
        for (int i = from; i < a.length; i++) {
            String k = a[i].replaceFirst("^-+", "");
            if (i + 1 < a.length && !a[i + 1].startsWith("-")) o.put(k, a[++i]); else o.put(k, "true");
        }
        return o;
    }

    static KeyManager[] keys(String p12) throws Exception {
        if (p12 == null) return null;
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(p12)) { ks.load(in, PASS); }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS);
        return kmf.getKeyManagers();
    }

    static TrustManager[] trust(String pem) throws Exception {
        if (pem == null) return null;
        KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
        ts.load(null, null);
        try (InputStream in = new FileInputStream(pem)) {
            int i = 0;
            for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in))
                ts.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf.getTrustManagers();
    }

    static String describe(SSLSocket s, boolean resumed) {
        SSLSession ss = s.getSession();
        String peer = "-";
        try {
            X509Certificate c = (X509Certificate) ss.getPeerCertificates()[0];
            peer = c.getSubjectX500Principal().getName().replaceAll(".*CN=([^,]*).*", "$1");
        } catch (SSLPeerUnverifiedException e) { /* no peer certificate */ }
        String alpn = s.getApplicationProtocol();
        return "conn version=" + ss.getProtocol() + " suite=" + ss.getCipherSuite() + " resumed=" + resumed
            + " alpn=" + (alpn == null || alpn.isEmpty() ? "-" : alpn) + " peer=" + peer;
    }

    static void server(String[] a) throws Exception {
        Map<String, String> o = opts(a, 2);
        SSLContext ctx = SSLContext.getInstance("TLSv1.2");
        ctx.init(keys(a[1]), trust(o.get("client-ca")), null);
        SSLServerSocket ls = (SSLServerSocket) ctx.getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        SSLParameters p = ls.getSSLParameters();
        p.setProtocols(new String[] {"TLSv1.2"});
        if (o.containsKey("client-ca")) p.setNeedClientAuth(true);
        if (o.containsKey("alpn")) p.setApplicationProtocols(o.get("alpn").split(","));
        ls.setSSLParameters(p);
        System.out.println("port " + ls.getLocalPort());
        int conns = Integer.parseInt(o.getOrDefault("conns", "1"));
        for (int i = 0; i < conns; i++) {
            SSLSocket s = (SSLSocket) ls.accept();
            s.setSoTimeout(30000);
            try {
                s.startHandshake();
            } catch (IOException e) {
                System.out.println("handshake failed: " + e.getMessage());
                s.close();
                continue;
            }
            System.out.println(describe(s, false));
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[16384];
            long n = 0;
            for (int r; (r = in.read(buf)) > 0; n += r) out.write(buf, 0, r);
            System.out.println("echoed " + n + " bytes, close_notify received");
            s.close();
        }
    }

    static void client(String[] a) throws Exception {
        Map<String, String> o = opts(a, 2);
        SSLContext ctx = SSLContext.getInstance("TLSv1.2");
        ctx.init(keys(o.get("keystore")), trust(a[1]), null);
        int size = Integer.parseInt(o.getOrDefault("bytes", "1024"));
        int rounds = o.containsKey("resume") ? 2 : 1;
        byte[] firstId = null;
        for (int r = 0; r < rounds; r++) {
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", Integer.parseInt(a[0]));
            s.setSoTimeout(60000);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.2"});
            p.setServerNames(List.of(new SNIHostName("localhost")));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            if (o.containsKey("alpn")) p.setApplicationProtocols(o.get("alpn").split(","));
            s.setSSLParameters(p);
            try {
                s.startHandshake();
            } catch (IOException e) {
                System.out.println("error: handshake: " + e.getMessage());
                System.exit(1);
            }
            byte[] id = s.getSession().getId();
            boolean resumed = firstId != null && id.length > 0 && Arrays.equals(id, firstId);
            if (firstId == null) firstId = id;
            System.out.println(describe(s, resumed));
            byte[] data = new byte[size];
            new SecureRandom().nextBytes(data);
            Thread w = new Thread(() -> {
                try { s.getOutputStream().write(data); s.shutdownOutput(); } catch (IOException e) { }
            });
            w.start();
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            for (int n; (n = s.getInputStream().read(buf)) > 0; ) back.write(buf, 0, n);
            w.join();
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (!Arrays.equals(md.digest(data), md.digest(back.toByteArray()))) {
                System.out.println("error: echo mismatch: sent " + size + ", got " + back.size());
                System.exit(1);
            }
            System.out.println("echo sha256 OK (" + back.size() + " bytes)");
            s.close();
        }
    }

    public static void main(String[] a) throws Exception {
        if (a.length >= 2 && a[0].equals("server")) server(Arrays.copyOfRange(a, 0, a.length));
        else if (a.length >= 3 && a[0].equals("client")) client(Arrays.copyOfRange(a, 1, a.length));
        else { System.out.println("error: usage: Peer server KEYSTORE ... | Peer client PORT CA ..."); System.exit(2); }
    }
}
