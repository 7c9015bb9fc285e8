package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/events"
)

func main() {
	db := flag.String("db", filepath.Join(os.TempDir(), "travelkit-quickstart.db"), "SQLite database file")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *db); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run tells the story on the embedded SQLite store at dbPath, as a fresh
// agency each run, and shows what went out to whom.
func run(ctx context.Context, w io.Writer, dbPath string) error {
	store, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	ids := agency.RandomIDs{}
	tenant := agency.TenantID("quickstart-" + ids.NewID()[:8])
	fmt.Fprintf(w, "SQLite store: %s, agency %s\n\n", dbPath, tenant)
	var sent outbox
	if _, err := runStory(ctx, store, ids, tenant, &sent, w); err != nil {
		return err
	}
	sent.report(w)
	return nil
}

// outbox is the story's notifier: it keeps what would be sent — an
// e-mail, a webhook, a message on the broker — to report it.
type outbox struct {
	mu   sync.Mutex
	sent []agency.Notification
}

// Notify keeps n.
func (o *outbox) Notify(_ context.Context, n agency.Notification) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, n)
	return nil
}

// report shows how many events went to each audience in each language,
// and the subject lines people read, their addresses masked.
func (o *outbox) report(w io.Writer) {
	o.mu.Lock()
	defer o.mu.Unlock()
	fmt.Fprintln(w, "\n== notifications ==")
	count := map[string]int{}
	for _, n := range o.sent {
		key := string(n.Audience)
		if n.Audience != events.Internal {
			key += " in " + string(n.Language)
			fmt.Fprintf(w, "%-8s %-22s %s\n", n.Audience, notify.MaskRecipient(n.Recipient), n.Subject)
		}
		count[key]++
	}
	var keys []string
	for k, n := range count {
		keys = append(keys, fmt.Sprintf("%d to %s", n, k))
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "%d events delivered: %s\n", len(o.sent), strings.Join(keys, ", "))
}
