package sqlstore_test

import (
	"context"
	"encoding/json"
	"github.com/travelkit/travelkit/internal/testdb"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/postgres"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/adapters/storetest"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/pricing"
)

func openSQLite(t testing.TB) *sqlstore.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "travelkit.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestSQLiteConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storage.Store { return openSQLite(t) })
}

func TestSQLiteInMemoryConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storage.Store {
		s, err := sqlite.Open(context.Background(), ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	})
}

// postgresDSN and freshSchema are the shared test helpers' (skipped
// without a server, except under CI).
func postgresDSN(t testing.TB) string { return testdb.PostgresDSN(t) }

func freshSchema(t testing.TB) (dsn, schema string) { return testdb.PostgresSchema(t) }

// openPostgres gives each test its own schema (as the search path, so that
// tests can query tables by their plain names), dropped afterwards.
func openPostgres(t testing.TB) *sqlstore.Store {
	t.Helper()
	dsn, schema := freshSchema(t)
	s, err := postgres.Open(context.Background(), withSearchPath(dsn, schema))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// withSearchPath adds a search_path runtime parameter to a key=value or URL DSN.
func withSearchPath(dsn, schema string) string {
	if len(dsn) > 11 && (dsn[:11] == "postgres://" || dsn[:13] == "postgresql:/") {
		sep := "?"
		for _, c := range dsn {
			if c == '?' {
				sep = "&"
			}
		}
		return dsn + sep + "search_path=" + schema
	}
	return dsn + " search_path=" + schema
}

func TestPostgresConformance(t *testing.T) {
	postgresDSN(t)
	storetest.Run(t, func(t *testing.T) storage.Store { return openPostgres(t) })
}

func TestMigrateTwiceAndConcurrently(t *testing.T) {
	ctx := context.Background()
	for name, open := range map[string]func(testing.TB) *sqlstore.Store{"sqlite": openSQLite, "postgres": openPostgres, "mysql": openMySQL} {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				postgresDSN(t)
			}
			s := open(t)
			if err := s.Migrate(ctx); err != nil {
				t.Fatalf("second run: %v", err)
			}
			var wg sync.WaitGroup
			errs := make(chan error, 4)
			for range 4 {
				wg.Add(1)
				go func() { defer wg.Done(); errs <- s.Migrate(ctx) }()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Errorf("concurrent run: %v", err)
				}
			}
			var n int
			if err := s.DB().QueryRow(`SELECT count(*) FROM travelkit_schema_migrations`).Scan(&n); err != nil || n != 14 { // 001 to 014
				t.Errorf("travelkit_schema_migrations has %d rows, %v", n, err)
			}
		})
	}
}

// TestQuoteTotalsSumExactly: quote totals are stored as integer minor units
// with their currency, so SQL sums them exactly.
func TestQuoteTotalsSumExactly(t *testing.T) {
	for name, open := range map[string]func(testing.TB) *sqlstore.Store{"sqlite": openSQLite, "postgres": openPostgres, "mysql": openMySQL} {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				postgresDSN(t)
			}
			s := open(t)
			ctx := context.Background()
			_, qv := case1Records(t)
			want := pricing.Zero(qv.Quote.Totals.Total.Currency())
			for v := 1; v <= 3; v++ {
				qv.Version = v
				if _, err := storage.Quotes().Put(ctx, s, qv.Tenant, qv); err != nil {
					t.Fatal(err)
				}
				want, _ = want.Add(qv.Quote.Totals.Total)
			}
			var cur string
			var minor int64
			if err := s.DB().QueryRow(`SELECT currency, SUM(total_minor) FROM quote_versions GROUP BY currency`).Scan(&cur, &minor); err != nil {
				t.Fatal(err)
			}
			cny, _ := pricing.ParseCurrency(cur)
			if got := pricing.FromMinor(minor, cny); !got.Equal(want) || got.String() != "252943.14 CNY" {
				t.Errorf("SQL sum %s, want %s", got, want)
			}
		})
	}
}

// Quotes are stored in the lean stored form; a quote stored as JSON by the
// first version of this store still reads back.
func TestQuoteStoredFormAndLegacyJSON(t *testing.T) {
	s := openSQLite(t)
	ctx := context.Background()
	_, qv := case1Records(t)
	if _, err := storage.Quotes().Put(ctx, s, qv.Tenant, qv); err != nil {
		t.Fatal(err)
	}
	var body string
	if err := s.DB().QueryRow(`SELECT quote FROM quote_versions WHERE quote_id = ?`, qv.QuoteID).Scan(&body); err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(qv.Quote)
	if strings.HasPrefix(body, "{") || len(body)*2 > len(js) {
		t.Errorf("stored %d bytes (JSON is %d)", len(body), len(js))
	}
	if _, err := s.DB().Exec(`UPDATE quote_versions SET quote = ? WHERE quote_id = ?`, string(js), qv.QuoteID); err != nil {
		t.Fatal(err)
	}
	got, err := storage.Quotes().Get(ctx, s, qv.Tenant, qv.QuoteID, int64(1))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := json.Marshal(got.Quote)
	if string(again) != string(js) {
		t.Error("legacy JSON quote does not read back the same")
	}
}

// openMySQL opens a store in a fresh MySQL database (skipped without
// TRAVELKIT_MYSQL_DSN, except under CI).
func openMySQL(t testing.TB) *sqlstore.Store { return testdb.MySQL(t) }
