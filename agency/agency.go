package agency

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/booking/contract"
	"github.com/travelkit/travelkit/document"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// Clock tells the time. Nothing in travelkit reads the wall clock directly.
type Clock interface {
	Now() time.Time
}

// SystemClock is the production Clock.
type SystemClock struct{}

// Now returns the current time.
func (SystemClock) Now() time.Time { return time.Now() }

// IDGenerator makes record IDs.
type IDGenerator interface {
	NewID() string
}

// RandomIDs makes 128-bit random IDs as 32 hex digits: the production
// IDGenerator.
type RandomIDs struct{}

// NewID returns a fresh random ID.
func (RandomIDs) NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

// StaffMember is a person of the agency's staff as notifications address
// them.
type StaffMember struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Email    string   `json:"email,omitempty"`
	Language Language `json:"language"`
}

// StaffDirectory finds the agency's staff by ID, so that a staff event
// reaches its person in their language.
type StaffDirectory interface {
	// Member returns a staff member; ok is false for an unknown ID.
	Member(ctx context.Context, tenant TenantID, id string) (m StaffMember, ok bool, err error)
}

// StaffList is a StaffDirectory held in memory, the same for every tenant.
type StaffList []StaffMember

// Member finds a member by ID.
func (l StaffList) Member(_ context.Context, _ TenantID, id string) (StaffMember, bool, error) {
	for _, m := range l {
		if m.ID == id {
			return m, true, nil
		}
	}
	return StaffMember{}, false, nil
}

// DefaultClockSkew is how far in the future a reported instant (a complaint
// received, a payment, a survey answered) may lie before it is refused:
// clocks of the channels that report them are not the agency's.
const DefaultClockSkew = 5 * time.Minute

// Config configures an Agency. The zero Config is usable: every field has
// a documented default.
type Config struct {
	// Clock tells the time (default SystemClock).
	Clock Clock
	// IDs makes record and event IDs (default RandomIDs).
	IDs IDGenerator
	// Rates gives net rates for itinerary items that name no supplier
	// contract (default: none, so only contracted items and extra lines
	// are priced).
	Rates RateSource
	// Zone is the agency's IANA zone: the day a sweep, a reminder or a
	// report period starts, and where people read the instants of
	// messages (default "Asia/Shanghai").
	Zone string
	// Places names Zone for people, per language (default 北京 and
	// Beijing when Zone is the default; otherwise no place, only the UTC
	// offset).
	Places map[Language]string
	// Language is the agency's working language: staff whose own language
	// the directory does not give read theirs in it (default zh-CN).
	Language Language
	// Staff finds the staff members events are addressed to (default: no
	// directory; staff events go out in Language without an address).
	Staff StaffDirectory
	// Finance is the staff member told about bank lines to check.
	Finance string
	// ItineraryRules are the thresholds trip validation uses (default
	// itinerary.DefaultRules()).
	ItineraryRules *itinerary.Rules
	// SLA and Calendar are copied onto every new complaint (default
	// feedback.DefaultPolicy and a 24×7 calendar in Zone).
	SLA      *feedback.Policy
	Calendar *feedback.CalendarSpec
	// ApprovalLimits are what a handler may grant alone (default: nothing).
	ApprovalLimits feedback.ApprovalLimits
	// FollowUps says when customers are followed up (default 3 days after
	// a trip, 7 after a complaint).
	FollowUps feedback.FollowUpPolicy
	// ClockSkew is the allowance for instants reported in the future
	// (0: DefaultClockSkew; negative: none).
	ClockSkew time.Duration
	// Contracts are the travel-contract templates and validation options
	// (default contract.DefaultCatalogue, documents valid 6 months after
	// return).
	Contracts contract.Options
	// Events is the event registry (default events.NewRegistry()).
	Events *events.Registry
	// PDF writes documents asked for as DocumentPDF, such as
	// document/pdf's Options with a font; nil refuses that format. The
	// agency itself compiles no PDF library.
	PDF DocumentWriter
}

// DocumentWriter writes a document in a format of its own, such as PDF.
type DocumentWriter interface {
	WriteDocument(out io.Writer, d document.Document) error
}

// Agency is what an embedding program calls: one service per area of the
// consultant's job, over one store. Every change and the events it causes
// commit in one unit of work. An Agency is safe for concurrent use; build
// it with New.
type Agency struct {
	// Customers keeps customers, their profiles and duplicates.
	Customers Customers
	// Inquiries keeps the consultation record and recommends products.
	Inquiries Inquiries
	// Catalogue keeps the packaged products recommended.
	Catalogue Catalogue
	// Trips proposes trips and prices them into quotes.
	Trips Trips
	// Suppliers keeps suppliers and their contracts, checks them and
	// evaluates them.
	Suppliers Suppliers
	// Allotments keeps allotments, their nights and holds.
	Allotments Allotments
	// Payables keeps the costs frozen at confirmation and supplier
	// invoices.
	Payables Payables
	// Bookings carries bookings through payment, amendment and
	// cancellation.
	Bookings Bookings
	// TravelContracts drafts, validates, signs and renders the contracts
	// signed with customers and the confirmation letters.
	TravelContracts TravelContracts
	// Complaints carries complaints through their lifecycle under SLA.
	Complaints Complaints
	// Feedback keeps surveys, follow-ups and the feedback report.
	Feedback Feedback
	// KPIs scores consultants, teams and the agency, and tracks sales
	// plans.
	KPIs KPIs
	// Market keeps competitor observations and research reports.
	Market Market
	// Outbox lists, inspects and requeues events, and delivers them.
	Outbox Outbox
	// Sweeps are the background jobs: SLA alerts, lapsed options and holds,
	// reminders, releases.
	Sweeps Sweeps

	c *core
}

// core is what every service shares.
type core struct {
	store     storage.Store
	clock     Clock
	ids       IDGenerator
	rates     RateSource
	zoneName  string
	zone      *time.Location
	places    map[Language]string
	lang      Language
	staff     StaffDirectory
	finance   string
	rules     itinerary.Rules
	engine    *pricing.Engine
	policy    feedback.Policy
	calendar  feedback.CalendarSpec
	limits    feedback.ApprovalLimits
	followUps feedback.FollowUpPolicy
	skew      time.Duration
	catalogue *contract.Catalogue
	pdf       DocumentWriter
	validator *contract.Validator
	events    *events.Registry
	trips     *itinerary.TripDecoder
	zones     sync.Map // zone name → *time.Location
}

// New validates cfg and returns an Agency over store; every problem of the
// configuration comes at once as a *ValidationError.
func New(store storage.Store, cfg Config) (*Agency, error) {
	var ps problem.List
	if store == nil {
		ps.Add("store", "required", "an agency needs a store")
	}
	c := &core{store: store, clock: cfg.Clock, ids: cfg.IDs, rates: cfg.Rates, zoneName: cfg.Zone, places: cfg.Places, lang: cfg.Language,
		staff: cfg.Staff, finance: cfg.Finance, engine: pricing.NewEngine(), limits: cfg.ApprovalLimits, followUps: cfg.FollowUps,
		skew: cfg.ClockSkew, events: cfg.Events, trips: new(itinerary.TripDecoder), pdf: cfg.PDF}
	if c.clock == nil {
		c.clock = SystemClock{}
	}
	if c.ids == nil {
		c.ids = RandomIDs{}
	}
	if c.zoneName == "" {
		c.zoneName = "Asia/Shanghai"
		if c.places == nil {
			c.places = map[Language]string{Chinese: "北京", ChineseTraditional: "北京", English: "Beijing"}
		}
	}
	if loc, err := c.location(c.zoneName); err != nil {
		ps.Add("zone", "invalid_value", "the agency's zone is an IANA zone")
	} else {
		c.zone = loc
	}
	if c.lang == "" {
		c.lang = Chinese
	}
	if c.events == nil {
		r, err := events.NewRegistry()
		if err != nil {
			return nil, err
		}
		c.events = r
	}
	if c.events.Language(c.lang) != c.lang {
		ps.Add("language", "unsupported", fmt.Sprintf("the agency's language %q is not one the events are written in", problem.Clip(string(c.lang))))
	}
	c.rules = itinerary.DefaultRules()
	if cfg.ItineraryRules != nil {
		c.rules = *cfg.ItineraryRules
	}
	c.policy = feedback.DefaultPolicy()
	if cfg.SLA != nil {
		c.policy = *cfg.SLA
	}
	c.calendar = feedback.CalendarSpec{Zone: c.zoneName, AlwaysOpen: true}
	if cfg.Calendar != nil {
		c.calendar = *cfg.Calendar
	}
	if _, err := feedback.NewCalendar(c.calendar); err != nil && (cfg.Calendar != nil || c.zone != nil) {
		ps.Add("calendar", "invalid_value", "the SLA calendar: "+err.Error())
	}
	if len(c.policy.Targets) == 0 {
		ps.Add("sla", "required", "an SLA policy has targets")
	}
	switch {
	case c.skew == 0:
		c.skew = DefaultClockSkew
	case c.skew < 0:
		c.skew = 0
	}
	c.validator = contract.NewValidator(cfg.Contracts)
	c.catalogue = cfg.Contracts.Catalogue
	if c.catalogue == nil {
		c.catalogue = contract.DefaultCatalogue()
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return nil, err
	}
	a := &Agency{c: c}
	a.Customers, a.Inquiries, a.Catalogue, a.Trips = Customers{c}, Inquiries{c}, Catalogue{c}, Trips{c}
	a.Suppliers, a.Allotments, a.Payables, a.Bookings = Suppliers{c}, Allotments{c}, Payables{c}, Bookings{c}
	a.TravelContracts, a.Complaints, a.Feedback = TravelContracts{c}, Complaints{c}, Feedback{c}
	a.KPIs, a.Market, a.Outbox, a.Sweeps = KPIs{c}, Market{c}, Outbox{c}, Sweeps{c}
	return a, nil
}

// Events returns the registry the agency writes events with: for a
// receiver that decodes them, and for notifiers' rendering.
func (a *Agency) Events() *events.Registry {
	if a == nil || a.c == nil {
		return nil
	}
	return a.c.events
}

// errNotBuilt is what a service of an Agency not made by New answers.
var errNotBuilt = fmt.Errorf("%w: build the agency with agency.New", ErrInvalid)

// ready refuses a zero service and a tenant no store can keep.
func (c *core) ready(tenant TenantID) error {
	if c == nil {
		return errNotBuilt
	}
	if tenant == "" || !storage.TextOK(string(tenant)) {
		return problem.One(ErrInvalid, "tenant", "invalid_value", "a tenant is named in valid UTF-8 without NUL bytes")
	}
	return nil
}

// read returns one of the tenant's records: the readiness check and the
// read behind every Get.
func read[T any](c *core, ctx context.Context, tenant TenantID, col storage.Collection[T], key ...any) (T, error) {
	if err := c.ready(tenant); err != nil {
		var zero T
		return zero, err
	}
	return col.Get(ctx, c.store, tenant, key...)
}

// list returns one page of the tenant's records: the readiness check and
// the listing behind every List.
func list[T any](c *core, ctx context.Context, tenant TenantID, col storage.Collection[T], q storage.Query) (Page[T], error) {
	if err := c.ready(tenant); err != nil {
		return Page[T]{}, err
	}
	return col.List(ctx, c.store, tenant, q)
}

// unit is one unit of work: a transaction, the instant it runs at, and the
// events it raises, written to the outbox when the change succeeds.
type unit struct {
	ctx       context.Context
	c         *core
	tx        storage.Store
	tenant    TenantID
	now       time.Time
	events    []storage.Event
	customers map[string]Customer
}

// change runs fn in one unit of work: its changes and the events it emits
// commit together, or nothing does.
func (c *core) change(ctx context.Context, tenant TenantID, fn func(u *unit) error) error {
	if err := c.ready(tenant); err != nil {
		return err
	}
	return c.store.InTx(ctx, func(tx storage.Store) error {
		u := &unit{ctx: ctx, c: c, tx: tx, tenant: tenant, now: c.clock.Now()}
		if err := fn(u); err != nil {
			return err
		}
		for _, e := range u.events {
			if err := tx.Outbox().Add(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// recipient is who an event is for: an address (empty when unknown) and a
// language.
type recipient struct {
	address string
	lang    Language
}

// emit records an event of the change, addressed to r (ignored for
// internal events).
func (u *unit) emit(aggregate string, p events.Payload, r recipient) error {
	aud, ok := u.c.events.Audience(p.EventType())
	if !ok {
		return fmt.Errorf("agency: event type %s is not registered", p.EventType())
	}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	e := storage.Event{ID: u.c.ids.NewID(), Tenant: u.tenant, Type: p.EventType(), AggregateID: aggregate, Audience: string(aud),
		Payload: body, CreatedAt: u.now, NextAttemptAt: u.now}
	if aud != events.Internal {
		e.Recipient, e.Language = r.address, u.c.events.Language(r.lang)
	}
	u.events = append(u.events, e)
	return nil
}

// internal records an internal event.
func (u *unit) internal(aggregate string, p events.Payload) error {
	return u.emit(aggregate, p, recipient{})
}

// customer reads a customer once per unit of work.
func (u *unit) customer(id string) (Customer, error) {
	if c, ok := u.customers[id]; ok {
		return c, nil
	}
	c, err := storage.Customers().Get(u.ctx, u.tx, u.tenant, id)
	if err != nil {
		return Customer{}, err
	}
	if u.customers == nil {
		u.customers = map[string]Customer{}
	}
	u.customers[id] = c
	return c, nil
}

// bookingCustomer is the customer a booking's events are for: the stored
// customer, or — for a booking made for a customer the store does not
// know — one with no address, read in the agency's language.
func (u *unit) bookingCustomer(id string) (Customer, error) {
	c, err := u.customer(id)
	if errors.Is(err, ErrNotFound) {
		return Customer{ID: id, Language: u.c.lang}, nil
	}
	return c, err
}

// toCustomer addresses a customer in their language.
func toCustomer(c Customer) recipient { return recipient{address: c.Email, lang: c.Language} }

// toStaff addresses a staff member in their language, or in the agency's
// when the directory does not know them.
func (u *unit) toStaff(id string) (recipient, error) {
	r := recipient{lang: u.c.lang}
	if u.c.staff == nil || id == "" {
		return r, nil
	}
	m, ok, err := u.c.staff.Member(u.ctx, u.tenant, id)
	if err != nil || !ok {
		return r, err
	}
	if m.Language != "" {
		r.lang = m.Language
	}
	r.address = m.Email
	return r, nil
}

// local is where a recipient reads a payload's instants.
func (c *core) local(lang Language) events.Local {
	p, ok := c.places[lang]
	if !ok && c.events != nil {
		p, ok = c.places[c.events.Language(lang)] // zh-TW reads the zh-Hant name
	}
	if !ok {
		p = c.places[English]
	}
	return events.Local{Zone: c.zoneName, Place: p}
}

// location loads a zone once: zone data never changes while a process
// runs.
func (c *core) location(zone string) (*time.Location, error) {
	if l, ok := c.zones.Load(zone); ok {
		return l.(*time.Location), nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || zone == "Local" {
		return nil, problem.One(ErrInvalid, "zone", "invalid_value", fmt.Sprintf("time zone %q", problem.Clip(zone)))
	}
	c.zones.Store(zone, loc)
	return loc, nil
}

// notFuture refuses an instant later than now plus the clock-skew
// allowance.
func (c *core) notFuture(field string, at time.Time) error {
	now := c.clock.Now()
	if at.After(now.Add(c.skew)) {
		return &ValidationError{Problems: []Problem{{Field: field, Code: "in_future",
			Message: "the instant lies in the future beyond the clock-skew allowance",
			Detail:  map[string]string{"at": at.Format(time.RFC3339), "now": now.Format(time.RFC3339), "allowance": c.skew.String()}}}}
	}
	return nil
}

// sameJSON reports whether two values encode alike: how a create that
// finds its key taken tells a repeat from a different record.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

// create stores v as new under key; a repeat with the same content (same
// says so) returns the stored record and false, other content is
// ErrConflict naming the key.
func create[T any](u *unit, col storage.Collection[T], key []any, v T, same func(stored T) bool) (T, bool, error) {
	var zero T
	stored, err := col.Get(u.ctx, u.tx, u.tenant, key...)
	switch {
	case err == nil && same(stored):
		return stored, false, nil
	case err == nil:
		return zero, false, fmt.Errorf("%w: %s %s exists already with other content", ErrConflict, col.Kind().Noun, storage.KeyString(key))
	case !errors.Is(err, ErrNotFound):
		return zero, false, err
	}
	out, err := col.Put(u.ctx, u.tx, u.tenant, v)
	return out, err == nil, err
}

// keyOf joins the parts of an idempotency key with their lengths, so that
// no two different pairs make the same key.
func keyOf(parts ...string) string {
	s := ""
	for _, p := range parts {
		s += strconv.Itoa(len(p)) + ":" + p
	}
	return s
}

// version checks an expected version: 0 skips the check; otherwise it must
// be the stored one.
func expect(what string, stored, want int) error {
	if want != 0 && stored != want {
		return fmt.Errorf("%w: %s is at version %d, not %d", ErrConflict, what, stored, want)
	}
	return nil
}
