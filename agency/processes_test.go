package agency_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/mysql"
	"github.com/travelkit/travelkit/adapters/sqlstore/postgres"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/testdb"
)

// TestMain lets this test binary be one of several sweeping processes:
// with TRAVELKIT_SWEEP_ROUND set it runs that round's sweeps on the store
// the environment names, prints what each did as JSON and exits.
func TestMain(m *testing.M) {
	if round := os.Getenv("TRAVELKIT_SWEEP_ROUND"); round != "" {
		counts, err := sweepProcess(round)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sweep process:", err)
			os.Exit(1)
		}
		_ = json.NewEncoder(os.Stdout).Encode(counts)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// prefixedIDs numbers IDs under a prefix of the process's own.
type prefixedIDs struct {
	prefix string
	mu     sync.Mutex
	n      int
}

func (g *prefixedIDs) NewID() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return fmt.Sprintf("%s-%04d", g.prefix, g.n)
}

// sweepRounds are the instants of the rounds, after the set-up at
// newAgency's 27 November 2026 10:00 Beijing: at 12 hours the SLA, hold
// and reminder sweeps; at 25 hours the option sweep; on 13 April 2027 the
// release of May's nights.
var sweepRounds = map[string]time.Time{
	"1": time.Date(2026, 11, 27, 14, 0, 0, 0, time.UTC),
	"2": time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC),
	"3": time.Date(2027, 4, 12, 22, 30, 0, 0, time.UTC),
}

// runRound runs a round's sweeps to the end (each until it finds nothing
// due, in small batches so that processes interleave) and counts what
// each did.
func runRound(ctx context.Context, a *agency.Agency, round string) (map[string]int, error) {
	counts := map[string]int{}
	drain := func(name string, sweep func() (int, error)) error {
		for {
			n, err := sweep()
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			counts[name] += n
			if n == 0 {
				return nil
			}
		}
	}
	small := agency.SweepRequest{Limit: 3}
	var err error
	switch round {
	case "1":
		err = drain("sla", func() (int, error) { return a.Sweeps.SLA(ctx, small) })
		if err == nil {
			err = drain("holds", func() (int, error) { return a.Sweeps.Holds(ctx, small) })
		}
		if err == nil {
			err = drain("reminders", func() (int, error) {
				return a.Sweeps.Reminders(ctx, tenant, agency.ReminderSweep{Policy: booking.DefaultReminders()})
			})
		}
	case "2":
		err = drain("options", func() (int, error) { return a.Sweeps.Options(ctx, small) })
	case "3":
		err = drain("release", func() (int, error) {
			return a.Sweeps.Release(ctx, tenant, agency.ReleaseRun{AllotmentID: "AL-SPARE", From: date.New(2027, 5, 1), To: date.New(2027, 5, 31)})
		})
	}
	return counts, err
}

func sweepProcess(round string) (map[string]int, error) {
	ctx := context.Background()
	var store *sqlstore.Store
	var err error
	switch os.Getenv("TRAVELKIT_SWEEP_STORE") {
	case "postgres":
		store, err = postgres.Open(ctx, os.Getenv("TRAVELKIT_SWEEP_DSN"), sqlstore.WithSchema(os.Getenv("TRAVELKIT_SWEEP_SCHEMA")), sqlstore.WithoutMigration())
	case "mysql":
		store, err = mysql.Open(ctx, os.Getenv("TRAVELKIT_SWEEP_DSN"), sqlstore.WithoutMigration())
	default:
		err = fmt.Errorf("unknown store %q", os.Getenv("TRAVELKIT_SWEEP_STORE"))
	}
	if err != nil {
		return nil, err
	}
	defer store.Close()
	rates, _, err := casebook.Case1Rates()
	if err != nil {
		return nil, err
	}
	clock := &fakeClock{now: sweepRounds[round]}
	a, err := agency.New(store, agency.Config{Clock: clock, IDs: &prefixedIDs{prefix: os.Getenv("TRAVELKIT_SWEEP_NAME")}, Rates: rates, Staff: staff,
		Finance: "zhou"})
	if err != nil {
		return nil, err
	}
	return runRound(ctx, a, round)
}

// sweepSetUp gives every sweep work: 30 complaints that will miss their
// first response, 20 short holds, three bookings on option whose deposit
// falls due, and a spare allotment whose May nights are released in April.
func sweepSetUp(t *testing.T, store storage.Store) (*agency.Agency, *fakeClock) {
	t.Helper()
	ctx := context.Background()
	a, clock := newAgency(t, store)
	addCase1Suppliers(t, a)
	createAllotment(t, a, "AL-PARIS", "hotel-lumiere", "C-LUMIERE-2027", "Europe/Paris", 3)
	createAllotment(t, a, "AL-ROME", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 3)
	createAllotment(t, a, "AL-SPARE", "hotel-pantheon", "C-PANTHEON-2027", "Europe/Rome", 30)
	acc := runCase1(t, a, true)
	for i := 1; i <= 3; i++ {
		heldBooking(t, a, clock, acc, fmt.Sprintf("TK-%d", i))
	}
	for i := range 20 {
		if _, err := a.Allotments.Hold(ctx, tenant, agency.HoldRequest{AllotmentID: "AL-SPARE", From: date.New(2027, 5, 2+i%5), Nights: 1, Units: 1,
			For: 30 * time.Minute}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 30 {
		if _, err := a.Complaints.Open(ctx, tenant, agency.NewComplaint{By: "li", Complaint: feedback.Complaint{
			ID: fmt.Sprintf("K%03d", i), CustomerID: "c1", Category: "hotel_service", Priority: feedback.High,
			Channel: feedback.Email, Summary: "noise", ReceivedAt: clock.Now()}}); err != nil {
			t.Fatal(err)
		}
	}
	return a, clock
}

// eventCounts counts the tenant's events by type.
func eventCounts(t *testing.T, a *agency.Agency) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, e := range outboxEvents(t, a, agency.EventPending) {
		out[e.Type]++
	}
	return out
}

// TestSweepsInFourProcesses: four processes (real processes, not
// goroutines) sweeping the same database at once raise each alert, expire
// each hold, send each reminder, lapse each option and release each unit
// exactly once — the counts, and the events in the outbox, of one process
// sweeping a memory store with the same set-up — on PostgreSQL and MySQL.
func TestSweepsInFourProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the sweeping processes")
	}
	ctx := context.Background()
	ref, refClock := sweepSetUp(t, memory.New())
	want := map[string]map[string]int{}
	for _, round := range []string{"1", "2", "3"} {
		refClock.Set(sweepRounds[round])
		counts, err := runRound(ctx, ref, round)
		if err != nil {
			t.Fatal(err)
		}
		want[round] = counts
	}
	if want["1"]["sla"] < 30 || want["1"]["holds"] != 20 || want["1"]["reminders"] < 3 || want["2"]["options"] != 3 || want["3"]["release"] == 0 {
		t.Fatalf("the reference did not sweep everything: %v", want)
	}
	wantEvents := eventCounts(t, ref)
	for _, kind := range []string{"postgres", "mysql"} {
		t.Run(kind, func(t *testing.T) {
			var env []string
			var store *sqlstore.Store
			switch kind {
			case "postgres":
				dsn, schema := testdb.PostgresSchema(t)
				env = []string{"TRAVELKIT_SWEEP_DSN=" + dsn, "TRAVELKIT_SWEEP_SCHEMA=" + schema}
				s, err := postgres.Open(ctx, dsn, sqlstore.WithSchema(schema))
				if err != nil {
					t.Fatal(err)
				}
				store = s
			case "mysql":
				dsn := testdb.MySQLDatabase(t)
				env = []string{"TRAVELKIT_SWEEP_DSN=" + dsn}
				s, err := mysql.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				store = s
			}
			defer store.Close()
			a, _ := sweepSetUp(t, store)
			for _, round := range []string{"1", "2", "3"} {
				got := map[string]int{}
				procs := make([]*exec.Cmd, 4)
				outs := make([][]byte, 4)
				var wg sync.WaitGroup
				for i := range procs {
					cmd := exec.Command(os.Args[0], "-test.run=^$")
					cmd.Env = append(append(os.Environ(), env...), "TRAVELKIT_SWEEP_STORE="+kind, "TRAVELKIT_SWEEP_ROUND="+round,
						"TRAVELKIT_SWEEP_NAME=r"+round+"p"+strconv.Itoa(i))
					cmd.Stderr = os.Stderr
					procs[i] = cmd
					wg.Add(1)
					go func() {
						defer wg.Done()
						out, err := cmd.Output()
						if err != nil {
							t.Errorf("round %s, process %d: %v", round, i, err)
						}
						outs[i] = out
					}()
				}
				wg.Wait()
				for i, out := range outs {
					var counts map[string]int
					if err := json.Unmarshal(out, &counts); err != nil {
						t.Fatalf("round %s, process %d printed %q: %v", round, i, out, err)
					}
					for k, n := range counts {
						got[k] += n
					}
				}
				if !maps.Equal(got, want[round]) {
					t.Errorf("round %s: four processes did %v, one did %v", round, got, want[round])
				}
			}
			if got := eventCounts(t, a); !maps.Equal(got, wantEvents) {
				t.Errorf("events in the outbox: %v, want %v", got, wantEvents)
			}
		})
	}
}
