// Package tcpproxy is a TCP forwarder for tests that take a server away and
// bring it back — a broker that goes down — without stopping the server
// other tests share.
package tcpproxy
