// Command backoffice is travelkit's reference web application: the
// consultant's screens and the JSON API on one agency, with a demo agency
// seeded from the job's two worked cases.
//
//	go run ./examples/backoffice                      # embedded SQLite file
//	go run ./examples/backoffice -postgres 'postgres://…'
//	go run ./examples/backoffice -mysql 'user:pw@tcp(host:3306)/db'
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"example.com/backoffice/web"

	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/adapters/sqlstore"
	"github.com/travelkit/travelkit/adapters/sqlstore/mysql"
	"github.com/travelkit/travelkit/adapters/sqlstore/postgres"
	"github.com/travelkit/travelkit/adapters/sqlstore/sqlite"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/casebook"
	"github.com/travelkit/travelkit/document/pdf"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/pricing"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "backoffice:", err)
		os.Exit(1)
	}
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func run() error {
	// Unless the environment says otherwise: see web.GCPercent.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(web.GCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(web.MemoryLimit)
	}
	addr := flag.String("addr", env("BACKOFFICE_ADDR", "127.0.0.1:8080"), "listen address (BACKOFFICE_ADDR)")
	file := flag.String("db", env("BACKOFFICE_DB", filepath.Join(os.TempDir(), "travelkit-backoffice.db")), "SQLite file (BACKOFFICE_DB)")
	pg := flag.String("postgres", os.Getenv("BACKOFFICE_POSTGRES"), "PostgreSQL DSN instead of SQLite (BACKOFFICE_POSTGRES)")
	my := flag.String("mysql", os.Getenv("BACKOFFICE_MYSQL"), "MySQL/MariaDB DSN instead of SQLite (BACKOFFICE_MYSQL)")
	secure := flag.Bool("secure", os.Getenv("BACKOFFICE_SECURE") != "", "mark cookies Secure: behind TLS (BACKOFFICE_SECURE)")
	fontFile := flag.String("font", env("BACKOFFICE_FONT", pdf.NotoSansCJK), "font the PDF documents are set in (BACKOFFICE_FONT; Debian: fonts-noto-cjk)")
	fontName := flag.String("font-name", env("BACKOFFICE_FONT_NAME", "Noto Sans CJK SC"), "font in a collection (BACKOFFICE_FONT_NAME)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var store *sqlstore.Store
	var err error
	where := "SQLite " + *file
	switch {
	case *pg != "":
		where = "PostgreSQL"
		store, err = postgres.Open(ctx, *pg)
	case *my != "":
		where = "MySQL"
		store, err = mysql.Open(ctx, *my)
	default:
		store, err = sqlite.Open(ctx, *file)
	}
	if err != nil {
		return err
	}
	defer store.Close()
	limit, err := pricing.Parse("500", "CNY")
	if err != nil {
		return err
	}
	rates, _, err := casebook.Case1Rates() // the demo's net rates of what no supplier contract prices
	if err != nil {
		return err
	}
	// PDFs need a font with Chinese glyphs; without one the documents are
	// still served as text and HTML.
	var pdfs agency.DocumentWriter
	if font, err := pdf.LoadFontFile(*fontFile, *fontName); err == nil {
		pdfs = pdf.Options{Font: font}
	} else {
		fmt.Fprintf(os.Stderr, "no PDF documents: %v\n", err)
	}
	a, err := agency.New(store, agency.Config{
		Rates:          rates,
		Calendar:       &feedback.CalendarSpec{Zone: "Europe/Paris", AlwaysOpen: true},
		ApprovalLimits: feedback.ApprovalLimits{Points: 1000, Money: []pricing.Money{limit}},
		PDF:            pdfs,
	})
	if err != nil {
		return err
	}
	users := &web.Users{}
	if err := web.SeedDemo(ctx, a, users, time.Now()); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := web.New(web.Config{Agency: a, Users: users, Secure: *secure, Logger: logger, PDF: pdfs})
	if err != nil {
		return err
	}
	d := a.Outbox.Dispatcher(notify.Log{Logger: logger})
	d.Logger = logger
	go func() { _ = d.Run(ctx) }()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Printf("travelkit back office on %s: http://%s/\n", where, ln.Addr())
	fmt.Println("demo logins (user / password / API token, role, agency):")
	for _, l := range web.DemoLogins {
		fmt.Printf("  %-5s / %-15s / %-13s %s, %s\n", l.User, l.Password, l.Token, l.Role, l.Tenant)
	}
	fmt.Println("API: http://" + ln.Addr().String() + "/api/v1/openapi.json — Ctrl-C stops")
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = hs.Shutdown(shutdown)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
