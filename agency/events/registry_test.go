package events_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"golang.org/x/text/language"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/rickb777/date/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/adapters/memory"
	"github.com/travelkit/travelkit/adapters/notify"
	"github.com/travelkit/travelkit/agency"
	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/internal/i18n/i18ntest"
	"github.com/travelkit/travelkit/pricing"
)

var update = flag.Bool("update", false, "rewrite the checked-in schemas")

func registry(t testing.TB) *events.Registry {
	t.Helper()
	r, err := events.NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// sample fills every field of a payload with a value of its type: text
// with a line break to flatten, numbers, money, dates and instants.
func sample(v reflect.Value, depth int) {
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2027, 5, 2, 20, 10, 0, 0, time.UTC)))
		return
	case reflect.TypeFor[date.Date]():
		v.Set(reflect.ValueOf(date.New(2027, 5, 1)))
		return
	case reflect.TypeFor[pricing.Money]():
		m, _ := pricing.Parse("1234.50", "CNY")
		v.Set(reflect.ValueOf(m))
		return
	case reflect.TypeFor[decimal.Decimal]():
		v.Set(reflect.ValueOf(decimal.RequireFromString("12.5")))
		return
	case reflect.TypeFor[time.Month]():
		v.SetInt(5)
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("Wang\nLei")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(2)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		sample(p.Elem(), depth)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			sample(s.Index(i), depth)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		sample(k, depth)
		sample(e, depth)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				sample(v.Field(i), depth+1)
			}
		}
	}
}

// samplePayload is a payload of typ with every field set, as JSON; Local
// is set to a real zone and place.
func samplePayload(t testing.TB, r *events.Registry, typ string) []byte {
	t.Helper()
	p, ok := r.New(typ)
	if !ok {
		t.Fatalf("no type %s", typ)
	}
	v := reflect.ValueOf(p).Elem()
	sample(v, 0)
	if f := v.FieldByName("Local"); f.IsValid() {
		f.Set(reflect.ValueOf(events.Local{Zone: "Asia/Shanghai", Place: "Beijing"}))
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("%s: %v", typ, err)
	}
	return b
}

// Every registered event type goes through the dispatcher in both
// languages (and in a third, answered in the closest one written): none
// ends in the dead letters, every recipient-facing one reads as a subject
// and a body with no template left-overs and no control characters, and
// internal ones reach receivers as their payload.
func TestEveryEventTypeIsDeliveredInEveryLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	r := registry(t)
	store := memory.New()
	a, err := agency.New(store, agency.Config{Events: r})
	if err != nil {
		t.Fatal(err)
	}
	langs := []storage.Language{storage.Chinese, storage.English, "zh-TW", "fr"}
	want := map[storage.Language]storage.Language{storage.Chinese: storage.Chinese, storage.English: storage.English, "zh-TW": storage.ChineseTraditional,
		"fr": storage.English}
	n := 0
	err = store.InTx(ctx, func(tx storage.Store) error {
		for _, typ := range r.Types() {
			aud, _ := r.Audience(typ)
			for _, lang := range langs {
				n++
				e := storage.Event{ID: typ + "/" + string(lang), Tenant: "t", Type: typ, AggregateID: "x", Audience: string(aud), Language: lang,
					Recipient: "someone@example.com", Payload: samplePayload(t, r, typ), CreatedAt: time.Now(), NextAttemptAt: time.Now().Add(-time.Second)}
				if err := tx.Outbox().Add(ctx, e); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var rec notify.Recorder
	d := a.Outbox.Dispatcher(&rec)
	d.BatchSize = 1000
	if got, err := d.DeliverOnce(ctx); err != nil || got != n {
		t.Fatalf("delivered %d of %d, %v", got, n, err)
	}
	if dead, _ := a.Outbox.List(ctx, "t", agency.EventQuery{State: agency.EventDead}); len(dead.Items) != 0 {
		t.Errorf("dead letters: %v", dead.Items)
	}
	leftover := regexp.MustCompile(`<no value>|%!|\{\{|map\[|0001-01-01|\bnil\b`)
	for _, m := range rec.Sent() {
		if m.Audience == events.Internal {
			if m.Subject != "" || m.Body != "" || len(m.Payload) == 0 {
				t.Errorf("%s: internal notification %+v", m.Type, m)
			}
			continue
		}
		lang := storage.Language(strings.TrimPrefix(m.EventID, m.Type+"/"))
		if m.Language != want[lang] || m.Subject == "" || m.Body == "" {
			t.Errorf("%s in %s: language %s, subject %q, body %q", m.Type, lang, m.Language, m.Subject, m.Body)
		}
		text := m.Subject + "\n" + m.Body
		i18ntest.Reads(t, language.Make(string(m.Language)), m.Type, text)
		if s := leftover.FindString(text); s != "" {
			t.Errorf("%s in %s shows %q:\n%s", m.Type, m.Language, s, text)
		}
		if strings.IndexFunc(m.Subject+m.Body, unicode.IsControl) >= 0 {
			t.Errorf("%s in %s has a control character: %q", m.Type, m.Language, text)
		}
		if !strings.Contains(text, "Wang Lei") && strings.Contains(string(m.Payload), "name") {
			t.Errorf("%s in %s does not name the person: %q", m.Type, m.Language, text)
		}
	}
}

// Messages show short references and local times with place and offset,
// never 32-hex IDs, UTC timestamps or zone IDs.
func TestMessagesReadLikePeopleWrite(t *testing.T) {
	t.Parallel()
	r := registry(t)
	hexID := regexp.MustCompile(`[0-9a-f]{16,}`)
	stamp := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d`)
	zoneID := regexp.MustCompile(`(Asia|Europe|America)/[A-Z]`)
	total, _ := pricing.Parse("85530.89", "CNY")
	quoteID, complaintID := "c1c9f1c76601d67e8f9c48bfe4836946", "0f3a9b2c4d5e6f708192a3b4c5d6e7f8"
	validUntil := time.Date(2026, 11, 30, 8, 48, 37, 0, time.UTC)
	for _, tc := range []struct {
		p    events.Payload
		lang storage.Language
		want []string
	}{
		{events.QuoteIssued{CustomerName: "Wang Lei", QuoteID: quoteID, Version: 1, Total: total, ValidUntil: validUntil,
			Local: events.Local{Zone: "Asia/Shanghai", Place: "Beijing"}},
			storage.English, []string{pricing.Reference(quoteID), "valid until Mon 30 Nov 2026 16:48 (Beijing time, UTC+8)"}},
		{events.QuoteIssued{CustomerName: "王磊", QuoteID: quoteID, Version: 1, Total: total, ValidUntil: validUntil,
			Local: events.Local{Zone: "Asia/Shanghai", Place: "北京"}},
			storage.Chinese, []string{pricing.Reference(quoteID), "有效期至 2026年11月30日 星期一 16:48（北京当地时间，UTC+8）"}},
		{events.SLABreached{SLAAlert: events.SLAAlert{CustomerName: "Wang Lei", ComplaintID: complaintID, Target: "resolution",
			Due: time.Date(2027, 5, 3, 18, 10, 0, 0, time.UTC), Local: events.Local{Zone: "Europe/Paris", Place: "Paris"}}},
			storage.English, []string{"due Mon 3 May 2027 20:10 (Paris time, UTC+2)"}},
		{events.ComplaintOpened{CustomerName: "Wang Lei", ComplaintID: complaintID, Summary: "noise"},
			storage.English, []string{"reference"}},
	} {
		subject, body, err := r.Text(tc.p, tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		text := subject + "\n" + body
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s %s lacks %q:\n%s", tc.p.EventType(), tc.lang, w, text)
			}
		}
		for _, bad := range []*regexp.Regexp{hexID, stamp, zoneID} {
			if m := bad.FindString(text); m != "" {
				t.Errorf("%s %s shows %q:\n%s", tc.p.EventType(), tc.lang, m, text)
			}
		}
	}
}

func TestUnknownAndBrokenPayloads(t *testing.T) {
	t.Parallel()
	r := registry(t)
	if _, err := r.Decode("no.such", []byte(`{}`)); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("an unknown type: %v", err)
	}
	if _, err := r.Decode("quote.issued", []byte(`{"total":1}`)); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("a broken payload: %v", err)
	}
	// A type a newer version wrote goes out as its payload.
	n, err := r.Render(storage.Event{ID: "e1", Type: "no.such", Payload: []byte(`{"x":1}`)})
	if err != nil || n.Audience != events.Internal || string(n.Payload) != `{"x":1}` || n.Subject != "" {
		t.Errorf("an unknown type renders %+v, %v", n, err)
	}
	if _, err := r.Render(storage.Event{ID: "e2", Type: "quote.issued", Payload: []byte(`[`)}); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("a payload that does not decode: %v", err)
	}
	if _, _, err := r.Text(events.CustomerSaved{}, storage.English); !errors.Is(err, events.ErrInvalid) {
		t.Errorf("text of an internal event: %v", err)
	}
	if _, ok := r.Schema("no.such"); ok {
		t.Error("a schema for an unknown type")
	}
}

// Every type's schema is checked in under schemas/, for receivers to read
// and validate with; a sample of every payload validates against it, as
// an independent validator reads it, and a payload missing a required
// property does not.
func TestSchemasAreCheckedInAndValidatePayloads(t *testing.T) {
	t.Parallel()
	r := registry(t)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for _, typ := range r.Types() {
		s, _ := r.Schema(typ)
		path := filepath.Join("schemas", typ+".json")
		if *update {
			if err := os.WriteFile(path, s, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		stored, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(stored, s) {
			t.Errorf("%s is not the schema of %s (go test ./agency/events -update rewrites it): %v", path, typ, err)
			continue
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		url := "urn:travelkit:event:" + typ
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile(url)
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		payload, err := jsonschema.UnmarshalJSON(bytes.NewReader(samplePayload(t, r, typ)))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(payload); err != nil {
			t.Errorf("%s: the sample does not validate: %v", typ, err)
		}
		var m map[string]any
		_ = json.Unmarshal(samplePayload(t, r, typ), &m)
		var schema struct {
			Required []string `json:"required"`
		}
		_ = json.Unmarshal(s, &schema)
		if len(schema.Required) > 0 {
			delete(m, schema.Required[0])
			if err := sch.Validate(m); err == nil {
				t.Errorf("%s: a payload without %s validates", typ, schema.Required[0])
			}
		}
	}
	entries, _ := os.ReadDir("schemas")
	if len(entries) != len(r.Types()) {
		t.Errorf("%d schema files for %d types", len(entries), len(r.Types()))
	}
}
