package tcpproxy_test

import (
	"bufio"
	"net"
	"testing"
	"time"

	"github.com/travelkit/travelkit/internal/tcpproxy"
)

// echo serves lines back until the test ends.
func echo(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					_, _ = c.Write([]byte(line))
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func roundTrip(addr string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("hello\n")); err != nil {
		return "", err
	}
	return bufio.NewReader(c).ReadString('\n')
}

func TestDownAndBack(t *testing.T) {
	p := tcpproxy.Start(t, echo(t))
	if got, err := roundTrip(p.Addr()); err != nil || got != "hello\n" {
		t.Fatalf("up: %q, %v", got, err)
	}
	open, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer open.Close()
	time.Sleep(50 * time.Millisecond) // the proxy has connected it
	p.SetDown(true)
	_ = open.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := open.Read(make([]byte, 1)); err == nil {
		t.Error("an open connection survived the server going down")
	}
	if got, err := roundTrip(p.Addr()); err == nil {
		t.Errorf("down: answered %q", got)
	}
	p.SetDown(false)
	if got, err := roundTrip(p.Addr()); err != nil || got != "hello\n" {
		t.Errorf("back: %q, %v", got, err)
	}
}
