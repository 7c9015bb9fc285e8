package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestRunOnPostgres(t *testing.T) {
	dsn := os.Getenv("TRAVELKIT_POSTGRES_DSN")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TRAVELKIT_POSTGRES_DSN is not set, and CI must run the PostgreSQL tests")
		}
		t.Skip("TRAVELKIT_POSTGRES_DSN is not set: skipping the vendor example")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "vendor_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	// The test drops only the schema it made, before it closes its pool.
	t.Cleanup(func() {
		if _, err := db.Exec(`DROP SCHEMA IF EXISTS "` + schema + `" CASCADE`); err != nil {
			t.Errorf("dropping the test's schema: %v", err)
		}
		_ = db.Close()
	})
	var out bytes.Buffer
	if err := run(context.Background(), &out, dsn, schema); err != nil {
		t.Fatal(err)
	}
	// Twice: the vendor's migration step skips what is applied.
	if err := run(context.Background(), &out, dsn, schema); err != nil {
		t.Fatalf("second run: %v", err)
	}
	for _, want := range []string{"refused: 2 problems (required, invalid_value)", "found Li Na <li.na@example.com>", "vendor rows linked: 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// Nothing of the test lives outside its schema.
	var outside int
	if err := db.QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_name = 'vendor_crm' AND table_schema <> $1`, schema).Scan(&outside); err != nil ||
		outside != 0 {
		t.Errorf("%d vendor tables outside the test's schema, %v", outside, err)
	}
}

// The vendor's PostgreSQL-only build does not compile SQLite.
func TestBuildDoesNotCompileSQLite(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	if strings.Contains(string(out), "modernc.org/sqlite") {
		t.Error("the PostgreSQL-only program depends on modernc.org/sqlite")
	}
	if !strings.Contains(string(out), "github.com/jackc/pgx/v5") {
		t.Error("the program does not depend on pgx")
	}
}
