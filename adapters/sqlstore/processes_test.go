package sqlstore_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/postgres"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/events"
)

// The helper process: when TRAVELKIT_DISPATCH_OUT is set, this test binary
// is one of several dispatcher processes, not a test run. It delivers until
// nothing is left to claim, writing each delivered event ID to the file.
func TestMain(m *testing.M) {
	if out := os.Getenv("TRAVELKIT_DISPATCH_OUT"); out != "" {
		if err := dispatchProcess(out); err != nil {
			fmt.Fprintln(os.Stderr, "dispatcher process:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fileNotifier writes the ID of each notification, one per line.
type fileNotifier struct {
	mu sync.Mutex
	w  *bufio.Writer
}

func (f *fileNotifier) Notify(_ context.Context, n agency.Notification) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, err := f.w.WriteString(n.EventID + "\n")
	return err
}

func dispatchProcess(out string) error {
	ctx := context.Background()
	s, err := postgres.Open(ctx, os.Getenv("TRAVELKIT_POSTGRES_DSN"), sqlstore.WithSchema(os.Getenv("TRAVELKIT_DISPATCH_SCHEMA")),
		sqlstore.WithoutMigration())
	if err != nil {
		return err
	}
	defer s.Close()
	registry, err := events.NewRegistry()
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	n := &fileNotifier{w: bufio.NewWriter(f)}
	d := agency.Dispatcher{Store: s, Events: registry, Notifier: n, BatchSize: 500}
	for {
		got, err := d.DeliverOnce(ctx)
		if err != nil {
			return err
		}
		if got == 0 {
			return n.w.Flush()
		}
	}
}

// TestOutboxFourProcesses: four dispatcher processes (real processes, not
// goroutines) share 100,000 events on PostgreSQL: every event is
// delivered, none twice.
func TestOutboxFourProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping 100,000 events through four processes")
	}
	dsn, schema := freshSchema(t)
	ctx := context.Background()
	s, err := postgres.Open(ctx, dsn, sqlstore.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const total = 100_000
	now := time.Now().UTC().Add(-time.Hour)
	payload, _ := json.Marshal(events.CustomerSaved{CustomerID: "c1", Version: 1})
	// Many rows per INSERT: the set-up is not what is measured.
	for chunk := 0; chunk < total; chunk += 1000 {
		var q strings.Builder
		q.WriteString(`INSERT INTO "` + schema + `".outbox (id, tenant, type, aggregate_id, audience, recipient, language, payload, created_at, attempts, next_attempt_at) VALUES `)
		args := make([]any, 0, 4000)
		for i := chunk; i < chunk+1000; i++ {
			if i > chunk {
				q.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&q, "($%d, $%d, 'customer.saved', 'c1', 'internal', '', '', $%d, $%d, 0, %d)", n+1, n+2, n+3, n+4, now.UnixNano())
			args = append(args, fmt.Sprintf("ev-%06d", i), fmt.Sprintf("t%d", i%7), string(payload), now.Add(time.Duration(i)*time.Microsecond).UnixNano())
		}
		if _, err := s.DB().ExecContext(ctx, q.String(), args...); err != nil {
			t.Fatal(err)
		}
	}
	started := time.Now()
	dir := t.TempDir()
	procs := make([]*exec.Cmd, 4)
	for i := range procs {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "TRAVELKIT_DISPATCH_OUT="+filepath.Join(dir, strconv.Itoa(i)), "TRAVELKIT_DISPATCH_SCHEMA="+schema,
			"TRAVELKIT_POSTGRES_DSN="+dsn)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs[i] = cmd
	}
	for i, cmd := range procs {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("process %d: %v", i, err)
		}
	}
	elapsed := time.Since(started)
	seen := make(map[string]int, total)
	perProcess := make([]int, len(procs))
	for i := range procs {
		body, err := os.ReadFile(filepath.Join(dir, strconv.Itoa(i)))
		if err != nil {
			t.Fatal(err)
		}
		for id := range strings.FieldsSeq(string(body)) {
			seen[id]++
			perProcess[i]++
		}
	}
	if len(seen) != total {
		t.Errorf("%d distinct events delivered, want %d", len(seen), total)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("event %s delivered %d times", id, n)
		}
	}
	for i, n := range perProcess {
		if n == 0 {
			t.Errorf("process %d delivered nothing: the work was not shared", i)
		}
	}
	var pending int
	if err := s.DB().QueryRow(`SELECT count(*) FROM "` + schema + `".outbox WHERE delivered_at IS NULL`).Scan(&pending); err != nil || pending != 0 {
		t.Errorf("%d events left undelivered, %v", pending, err)
	}
	t.Logf("%d events through 4 processes in %v; deliveries per process: %v", total, elapsed, perProcess)
}
