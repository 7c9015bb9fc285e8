package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"example.com/backoffice/web"

	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/pricing"
)

// loadBookings is how many bookings the load benchmark's agency holds.
const loadBookings = 100_000

// seedBookings makes one booking through the agency and stores n copies
// of it under other references, in large transactions: the set-up is not
// what is measured.
func seedBookings(b *testing.B, a *agency.Agency, store storage.Store, n int) {
	ctx := context.Background()
	total, _ := pricing.Parse("25000", "CNY")
	first, err := a.Bookings.Create(ctx, web.DemoTenant, agency.NewBooking{
		Booking: booking.Booking{Reference: "TK-000000", CustomerID: "wang-lei", Total: total, Services: []booking.Service{{ID: "stay-1", SupplierID: "hotel-lumiere",
			Product: "family-room", Start: date.New(2027, 5, 1), End: date.New(2027, 5, 4), Units: 1, Status: booking.Requested, Price: total}}},
		Schedule: pricing.PaymentSchedule{Total: total, Instalments: []pricing.Instalment{{Due: date.New(2027, 4, 1), Amount: total}}},
		Payer:    "WANG LEI", Consultant: "chen"})
	if err != nil {
		b.Fatal(err)
	}
	for from := 1; from < n; from += 10_000 {
		err := store.InTx(ctx, func(tx storage.Store) error {
			for i := from; i < min(from+10_000, n); i++ {
				rec := first
				rec.Version = 0
				rec.Booking.Reference = fmt.Sprintf("TK-%06d", i)
				if _, err := storage.Bookings().Put(ctx, tx, web.DemoTenant, rec); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// loadServer serves the back office on SQLite with 100,000 bookings; it
// returns the server, a logged-in session cookie and a cursor half-way
// through the bookings.
func loadServer(b *testing.B) (srv *httptest.Server, session *http.Cookie, deep string) {
	ctx := context.Background()
	// The application's garbage collector setting (see main), for the whole
	// benchmark, not only its set-up.
	before := debug.SetGCPercent(web.GCPercent)
	b.Cleanup(func() { debug.SetGCPercent(before) })
	store, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "load.db"))
	if err != nil {
		b.Fatal(err)
	}
	a, err := agency.New(store, agency.Config{})
	if err != nil {
		b.Fatal(err)
	}
	users := &web.Users{}
	if err := web.SeedDemo(ctx, a, users, time.Now()); err != nil {
		b.Fatal(err)
	}
	seedBookings(b, a, store, loadBookings)
	s, err := web.New(web.Config{Agency: a, Users: users})
	if err != nil {
		b.Fatal(err)
	}
	srv = httptest.NewServer(s)
	// Cleanups run last first: the server finishes its requests before the
	// store closes under them.
	b.Cleanup(func() { _ = store.Close() })
	b.Cleanup(srv.Close)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm(srv.URL+"/login", url.Values{"user": {"chen"}, "password": {"chen-demo-2026"}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		session = c
	}
	if session == nil {
		b.Fatal("no session cookie")
	}
	// A cursor half-way through the bookings, for a deep page.
	// (screen pages hold 20 rows; the cursor is the same kind)
	for range loadBookings / 2 / agency.MaxPageSize {
		page, err := a.Bookings.List(ctx, web.DemoTenant, agency.BookingQuery{Page: agency.PageRequest{Limit: agency.MaxPageSize, After: deep}})
		if err != nil {
			b.Fatal(err)
		}
		deep = page.Next
	}
	return srv, session, deep
}

// BenchmarkLoad: 50 clients at once on loopback (a Go load generator in
// this process) read the bookings list, a booking's detail (screen and
// API), today's screen and the complaint, on SQLite with 100,000
// bookings; it reports the 50th, 99th percentile and the slowest answer,
// and the requests per second.
func BenchmarkLoad(b *testing.B) {
	srv, session, deep := loadServer(b)
	transport := &http.Transport{MaxIdleConnsPerHost: 64}
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(srv.URL)
	jar.SetCookies(u, []*http.Cookie{session})
	browser := &http.Client{Jar: jar, Transport: transport}
	type call struct {
		path  string
		token bool
	}
	calls := []call{
		{"/bookings", false}, {"/bookings?after=" + url.QueryEscape(deep), false}, {"/", false}, {"/complaints/K-PARIS-1", false},
		{"/api/v1/bookings?limit=20", true}, {"/api/v1/bookings/TK-%06d", true}, {"/api/v1/complaints/K-PARIS-1", true},
	}
	const clients = 50
	var mu sync.Mutex
	var latencies []time.Duration
	byKind := map[string][]time.Duration{}
	runtime.GC() // the set-up's garbage is not the load's
	b.ReportAllocs()
	b.ResetTimer()
	var wg sync.WaitGroup
	per := max(b.N/clients, 1)
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]time.Duration, 0, per)
			for i := range per {
				k := calls[(c+i)%len(calls)]
				path := k.path
				if strings.Contains(path, "%") {
					path = fmt.Sprintf(path, (c*per+i)%loadBookings)
				}
				req, _ := http.NewRequest("GET", srv.URL+path, nil)
				client := browser
				if k.token {
					req.Header.Set("Authorization", "Bearer tk-demo-chen")
					client = &http.Client{Transport: transport}
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				mine = append(mine, d)
				mu.Lock()
				byKind[k.path] = append(byKind[k.path], d)
				mu.Unlock()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("%s: %d", path, resp.StatusCode)
					return
				}
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(latencies)
	if len(latencies) == 0 {
		return
	}
	at := func(q float64) time.Duration { return latencies[min(len(latencies)-1, int(q*float64(len(latencies))))] }
	for path, ds := range byKind {
		slices.Sort(ds)
		b.Logf("%-40s p50 %v p99 %v", path, ds[len(ds)/2], ds[len(ds)*99/100])
	}
	b.ReportMetric(float64(at(0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(at(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(latencies[len(latencies)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "req/s")
}

// BenchmarkLoadWrk is BenchmarkLoad with wrk as the load generator (a
// separate process, 50 connections, 10 s), reporting wrk's percentiles;
// it is skipped, saying so, where wrk is not installed.
func BenchmarkLoadWrk(b *testing.B) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		b.Skip("wrk is not installed (Debian's wrk package): skipping")
	}
	srv, session, deep := loadServer(b)
	script := filepath.Join(b.TempDir(), "load.lua")
	lua := `local pages = {"/bookings", "/bookings?after=` + url.QueryEscape(deep) + `", "/", "/complaints/K-PARIS-1"}
local apis = {"/api/v1/bookings?limit=20", "/api/v1/complaints/K-PARIS-1"}
local i = 0
request = function()
  i = i + 1
  local k = i % 7
  if k < 4 then
    return wrk.format("GET", pages[k + 1], {["Cookie"] = "` + session.Name + `=` + session.Value + `"})
  elseif k < 6 then
    return wrk.format("GET", apis[k - 3], {["Authorization"] = "Bearer tk-demo-chen"})
  end
  return wrk.format("GET", string.format("/api/v1/bookings/TK-%06d", math.random(0, ` + strconv.Itoa(loadBookings-1) + `)),
    {["Authorization"] = "Bearer tk-demo-chen"})
end
`
	if err := os.WriteFile(script, []byte(lua), 0o644); err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	b.ResetTimer()
	out, err := exec.Command(wrk, "-t2", "-c50", "-d10s", "--latency", "-s", script, srv.URL).CombinedOutput()
	b.StopTimer()
	if err != nil {
		b.Fatalf("wrk: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "Non-2xx") {
		b.Fatalf("wrk saw errors:\n%s", out)
	}
	for _, q := range []string{"50%", "99%"} {
		re := regexp.MustCompile(`(?m)^\s+` + regexp.QuoteMeta(q) + `\s+([0-9.]+)(us|ms|s)`)
		m := re.FindStringSubmatch(string(out))
		if m == nil {
			b.Fatalf("no %s in wrk's output:\n%s", q, out)
		}
		v, _ := strconv.ParseFloat(m[1], 64)
		switch m[2] {
		case "us":
			v /= 1000
		case "s":
			v *= 1000
		}
		b.ReportMetric(v, "p"+strings.TrimSuffix(q, "%")+"-ms")
	}
	if m := regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`).FindStringSubmatch(string(out)); m != nil {
		v, _ := strconv.ParseFloat(m[1], 64)
		b.ReportMetric(v, "req/s")
	}
}
