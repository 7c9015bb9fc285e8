package mysql_test

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/travelkit/travelkit/adapters/sqlstore/mysql"
	"github.com/travelkit/travelkit/adapters/storetest"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/internal/testdb"
)

func TestConformance(t *testing.T) {
	testdb.MySQLDSN(t)
	storetest.Run(t, func(t *testing.T) storage.Store { return testdb.MySQL(t) })
}

// TestOpenRefusesLaxConnections: a vendor's pool without the settings the
// store relies on is refused, naming what is missing.
func TestOpenRefusesLaxConnections(t *testing.T) {
	dsn := testdb.MySQLDatabase(t)
	cfg, err := mysql.Config(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ClientFoundRows = false
	cfg.Params["group_concat_max_len"] = "1024"
	cfg.Params["sql_mode"] = "''"
	db, err := sqlOpen(cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = mysql.OpenDB(context.Background(), db)
	if !errors.Is(err, storage.ErrInvalid) {
		t.Fatalf("lax connection: %v, want ErrInvalid", err)
	}
	for _, want := range []string{"STRICT_TRANS_TABLES", "group_concat_max_len", "clientFoundRows"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

// A program on MySQL (this package with the agency and the notifiers)
// compiles neither pgx nor SQLite.
func TestBuildCompilesNeitherPgxNorSQLite(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".", "github.com/travelkit/travelkit/agency", "github.com/travelkit/travelkit/adapters/notify").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	deps := string(out)
	for _, banned := range []string{"modernc.org/sqlite", "github.com/jackc/pgx"} {
		if strings.Contains(deps, banned) {
			t.Errorf("a MySQL program depends on %s", banned)
		}
	}
	if !strings.Contains(deps, "github.com/go-sql-driver/mysql") {
		t.Error("the program does not depend on the MySQL driver")
	}
}
