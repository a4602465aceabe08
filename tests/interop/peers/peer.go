// A TLS 1.2 test peer written with Go's standard library only (crypto/tls), used by
// tests/interop/peers.sh to exercise glasstls against a second, independent TLS stack.
//
//	go run peer.go server CERT KEY [-client-ca CA] [-alpn p,q] [-conns N]
//	    listens on 127.0.0.1:0, prints "port N", then echoes each connection until the
//	    client's close_notify, answers with its own, and prints one "conn ..." line per connection.
//	go run peer.go client PORT CA [-cert C -key K] [-alpn p,q] [-bytes N] [-resume]
//	    connects (twice with -resume, sharing a session cache), sends N random bytes, reads
//	    them back, prints "conn ..." lines and "echo sha256 OK" when the bytes match.
package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"
)

func die(format string, a ...interface{}) {
	fmt.Printf("error: "+format+"\n", a...)
	os.Exit(1)
}

func pool(file string) *x509.CertPool {
	pem, err := os.ReadFile(file)
	if err != nil {
		die("%v", err)
	}
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(pem) {
		die("no certificate in %s", file)
	}
	return p
}

func describe(st tls.ConnectionState) string {
	peer := "-"
	if len(st.PeerCertificates) > 0 {
		peer = st.PeerCertificates[0].Subject.CommonName
	}
	alpn := st.NegotiatedProtocol
	if alpn == "" {
		alpn = "-"
	}
	return fmt.Sprintf("conn version=%x suite=%s resumed=%v alpn=%s peer=%s",
		st.Version, tls.CipherSuiteName(st.CipherSuite), st.DidResume, alpn, peer)
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func server(args []string) {
	fs := flag.NewFlagSet("server", flag.ExitOnError)
	clientCA := fs.String("client-ca", "", "require a client certificate from this CA")
	alpn := fs.String("alpn", "", "protocols accepted")
	conns := fs.Int("conns", 1, "connections to serve")
	fs.Parse(args[2:])
	cert, err := tls.LoadX509KeyPair(args[0], args[1])
	if err != nil {
		die("%v", err)
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MaxVersion: tls.VersionTLS12,
		NextProtos: splitList(*alpn)}
	if *clientCA != "" {
		cfg.ClientCAs = pool(*clientCA)
		cfg.ClientAuth = tls.RequireAndVerifyClientCert
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		die("%v", err)
	}
	fmt.Printf("port %d\n", ln.Addr().(*net.TCPAddr).Port)
	for i := 0; i < *conns; i++ {
		raw, err := ln.Accept()
		if err != nil {
			die("%v", err)
		}
		raw.SetDeadline(time.Now().Add(30 * time.Second))
		c := tls.Server(raw, cfg)
		if err := c.Handshake(); err != nil {
			fmt.Printf("handshake failed: %v\n", err)
			raw.Close()
			continue
		}
		fmt.Println(describe(c.ConnectionState()))
		n, err := io.Copy(c, c) // echo until the client's close_notify (io.EOF)
		if err != nil {
			fmt.Printf("echo error after %d bytes: %v\n", n, err)
		} else {
			fmt.Printf("echoed %d bytes, close_notify received\n", n)
		}
		c.Close() // sends our close_notify
	}
}

func client(args []string) {
	fs := flag.NewFlagSet("client", flag.ExitOnError)
	certFile := fs.String("cert", "", "client certificate")
	keyFile := fs.String("key", "", "client key")
	alpn := fs.String("alpn", "", "protocols offered")
	size := fs.Int("bytes", 1024, "bytes to send and expect back")
	resume := fs.Bool("resume", false, "connect twice, resuming the first session")
	fs.Parse(args[2:])
	cfg := &tls.Config{RootCAs: pool(args[1]), ServerName: "localhost", MaxVersion: tls.VersionTLS12,
		NextProtos: splitList(*alpn), ClientSessionCache: tls.NewLRUClientSessionCache(4)}
	if *certFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			die("%v", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	rounds := 1
	if *resume {
		rounds = 2
	}
	for r := 0; r < rounds; r++ {
		c, err := tls.Dial("tcp", "127.0.0.1:"+args[0], cfg)
		if err != nil {
			die("handshake: %v", err)
		}
		c.SetDeadline(time.Now().Add(60 * time.Second))
		if err := c.Handshake(); err != nil {
			die("handshake: %v", err)
		}
		fmt.Println(describe(c.ConnectionState()))
		data := make([]byte, *size)
		rand.Read(data)
		go func() { c.Write(data); c.CloseWrite() }() // CloseWrite sends close_notify
		back, err := io.ReadAll(c)
		if err != nil {
			die("read: %v", err)
		}
		if a, b := sha256.Sum256(data), sha256.Sum256(back); !bytes.Equal(a[:], b[:]) {
			die("echo mismatch: sent %d bytes, got %d", len(data), len(back))
		}
		fmt.Printf("echo sha256 OK (%d bytes)\n", len(back))
		c.Close()
	}
}

func main() {
	if len(os.Args) < 4 {
		die("usage: peer server CERT KEY [...] | peer client PORT CA [...]")
	}
	switch os.Args[1] {
	case "server":
		server(os.Args[2:])
	case "client":
		client(os.Args[2:])
	default:
		die("unknown mode %s", os.Args[1])
	}
}
