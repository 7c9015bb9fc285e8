package contract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// Code names a finding; codes are stable.
type Code string

// Blocking findings: a contract with any of them cannot be signed, and it
// counts towards the contract error rate.
const (
	UnknownTemplate     Code = "UNKNOWN_TEMPLATE"
	MissingClause       Code = "MISSING_CLAUSE"
	MissingLicenceNo    Code = "MISSING_LICENCE_NO"
	LicenceScope        Code = "LICENCE_SCOPE"
	MissingMinGroup     Code = "MISSING_MIN_GROUP"
	VagueStandard       Code = "VAGUE_STANDARD"
	TotalMismatch       Code = "TOTAL_MISMATCH"
	ScheduleMismatch    Code = "SCHEDULE_MISMATCH"
	DatesMismatch       Code = "DATES_MISMATCH"
	NightsMismatch      Code = "NIGHTS_MISMATCH"
	PaxMismatch         Code = "PAX_MISMATCH"
	NameMismatch        Code = "NAME_MISMATCH"
	MissingLocalOp      Code = "MISSING_LOCAL_OPERATOR"
	MissingGuideFee     Code = "MISSING_GUIDE_FEE"
	LiabilityReduced    Code = "LIABILITY_REDUCED"
	EUPriceClause       Code = "EU_PRICE_CLAUSE"
	EUMinNumberDeadline Code = "EU_MIN_NUMBER_DEADLINE"
)

// Warnings: reported, not counted as errors, no bar to signing.
const (
	ScaleDeviates        Code = "SCALE_DEVIATES_FROM_MODEL"
	TemplateOutdated     Code = "TEMPLATE_OUTDATED"
	InsuranceMissing     Code = "INSURANCE_CHOICE_MISSING"
	ShoppingAnnexMissing Code = "SHOPPING_ANNEX_MISSING"
	SupplierUnconfirmed  Code = "SUPPLIER_UNCONFIRMED"
	DocumentValidity     Code = "DOCUMENT_VALIDITY"
)

// Severity says whether a finding blocks signing.
type Severity string

// Severities.
const (
	Blocking Severity = "blocking"
	Warning  Severity = "warning"
)

// Finding is one thing wrong with a contract: its code and severity, the
// field, the article it comes from, and the values compared.
type Finding struct {
	Code     Code     `json:"code"`
	Severity Severity `json:"severity"`
	Field    string   `json:"field"`
	Article  string   `json:"article,omitempty"`
	Want     string   `json:"want,omitempty"`
	Got      string   `json:"got,omitempty"`
	Message  string   `json:"message"`
	// Detail gives a mismatch's sources (the records that hold Want) and
	// its signed difference (Got − Want).
	Detail map[string]string `json:"detail,omitempty"`
}

// Result is a validation's every finding, in a stable order.
type Result struct {
	Template string    `json:"template"`
	Edition  string    `json:"edition"`
	Findings []Finding `json:"findings"`
}

// Blocks reports whether any finding blocks signing.
func (r Result) Blocks() bool { return r.Blocking() > 0 }

// Blocking counts the blocking findings.
func (r Result) Blocking() int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == Blocking {
			n++
		}
	}
	return n
}

// Codes lists the findings' codes in order.
func (r Result) Codes() []Code {
	out := make([]Code, len(r.Findings))
	for i, f := range r.Findings {
		out[i] = f.Code
	}
	return out
}

// Sources are the records a contract must agree with; any may be nil,
// which skips the checks against it.
type Sources struct {
	Booking *booking.Booking
	// Schedule is the booking's payment schedule.
	Schedule *pricing.PaymentSchedule
	Quote    *pricing.Quote
	Trip     *itinerary.Trip
}

// Options tune validation.
type Options struct {
	// Catalogue holds the templates; nil means DefaultCatalogue.
	Catalogue *Catalogue
	// DocumentMonths is how many months after return a travel document
	// must stay valid; 0 means 6.
	DocumentMonths int
}

// Validator checks contracts against one catalogue. It is safe for
// concurrent use.
type Validator struct {
	cat    *Catalogue
	months int
}

// NewValidator makes a validator with options o.
func NewValidator(o Options) *Validator {
	v := &Validator{cat: o.Catalogue, months: o.DocumentMonths}
	if v.cat == nil {
		v.cat = DefaultCatalogue()
	}
	if v.months <= 0 {
		v.months = 6
	}
	return v
}

// vague matches the standards GF-2014 art. 2 forbids on an itinerary sheet
// (准×星级, 豪华, 仅供参考, 以××为准, 与××同级) and their English
// counterparts.
var vague = regexp.MustCompile(`(?i)准.{1,3}星|豪华|仅供参考|以.{1,12}为准|与.{1,12}同级|同级|luxury|deluxe|for reference only|or similar|or equivalent`)

// consent words written out; a tick or a cross is no consent.
func written(c Consent) bool {
	switch strings.ToLower(strings.TrimSpace(string(c))) {
	case "同意", "不同意", "agree", "disagree", "i agree", "i do not agree":
		return true
	}
	return false
}

type checker struct {
	c   *Contract
	t   Template
	out []Finding
}

func (k *checker) add(code Code, sev Severity, field, article, want, got, msg string) {
	k.out = append(k.out, Finding{Code: code, Severity: sev, Field: field, Article: article, Want: want, Got: got, Message: msg})
}

// source is a record a figure of the contract is checked against, and
// the figure it holds.
type source struct {
	name  string // "the booking's", "the accepted quote's"
	value string
}

// against reports one blocking finding per distinct value the sources
// hold that differs from the contract's figure got: Want is that value,
// Got the contract's, and the finding names every source that holds it —
// one finding when the sources agree with each other, however many
// there are. diff gives the signed difference Got − Want.
func (k *checker) against(code Code, field, article, subject, got string, diff func(want string) string, srcs []source) {
	var values []string
	names := map[string][]string{}
	for _, src := range srcs {
		if src.value == got {
			continue
		}
		if _, seen := names[src.value]; !seen {
			values = append(values, src.value)
		}
		names[src.value] = append(names[src.value], src.name)
	}
	for _, v := range values {
		who := strings.Join(names[v], ", ")
		k.out = append(k.out, Finding{Code: code, Severity: Blocking, Field: field, Article: article, Want: v, Got: got,
			Message: subject + " differs from " + who, Detail: map[string]string{"sources": who, "difference": diff(v)}})
	}
}

// intDiff is the signed difference of two counts written as numbers.
func intDiff(got string) func(string) string {
	return func(want string) string {
		g, _ := strconv.Atoi(got)
		w, _ := strconv.Atoi(want)
		return fmt.Sprintf("%+d", g-w)
	}
}

// Validate returns every finding of the contract at once, checked against
// its template's mandatory contents and the law, and against src.
func (v *Validator) Validate(c *Contract, src Sources) Result {
	if c == nil {
		return Result{Findings: []Finding{{Code: MissingClause, Severity: Blocking, Field: "contract", Message: "there is no contract"}}}
	}
	t, ok := v.cat.Template(c.Template)
	k := &checker{c: c, t: t}
	if !ok {
		k.add(UnknownTemplate, Blocking, "template", "", strings.Join(v.cat.Codes(), ", "), c.Template, "the contract names a template the catalogue does not hold")
		return Result{Template: c.Template, Edition: c.Edition, Findings: k.out}
	}
	k.clauses()
	if t.Law == LawPRC {
		k.licence()
		k.group()
		k.localOperator()
		k.guideFee()
		k.liability()
	} else {
		k.eu()
	}
	k.vague()
	k.totals(src)
	k.schedule(src)
	k.dates(src)
	k.pax(src)
	k.warnings(v.months)
	return Result{Template: t.Code, Edition: t.Edition, Findings: k.out}
}

func empty(ss ...string) bool {
	for _, s := range ss {
		if strings.TrimSpace(s) == "" {
			return true
		}
	}
	return false
}

// clauses checks every mandatory content the template requires.
func (k *checker) clauses() {
	for _, r := range k.t.Requires {
		field, missing := k.clauseMissing(r.Clause)
		if missing != "" {
			k.add(MissingClause, Blocking, field, r.Article, string(r.Clause), "", missing)
		}
	}
}

// clauseMissing says what of a clause is missing, and where.
func (k *checker) clauseMissing(cl Clause) (field, missing string) {
	c := k.c
	s := &c.Sheet
	switch cl {
	case ClauseAgency:
		if empty(c.Agency.Name, c.Agency.Address, c.Agency.Phone) {
			return "agency", "the agency's name, address and phone"
		}
	case ClauseOrganiser:
		if empty(c.Agency.Email) {
			return "agency.email", "the organiser's e-mail address"
		}
	case ClauseTravellers:
		if len(c.Travellers) == 0 {
			return "travellers", "the travellers"
		}
		if i, ok := firstWhere(c.Travellers, func(t Traveller) bool { return empty(t.Surname, t.GivenNames, t.DocumentNumber) }); ok {
			return indexed("travellers", i), "each traveller's names and document number"
		}
	case ClauseItinerary:
		if empty(s.Departure, s.Destination) || s.Start == 0 || s.End == 0 || s.Days < 1 {
			return "sheet", "departure, destination, start and end dates and days"
		}
	case ClauseTransport:
		if i, ok := firstWhere(s.Transport, func(t Transport) bool { return empty(t.Mode, t.Number, t.Class) }); ok {
			return indexed("sheet.transport", i), "each leg's mode, number and class"
		}
	case ClauseLodging:
		if s.Nights > 0 && len(s.Hotels) == 0 {
			return "sheet.hotels", "the hotels of the trip's nights"
		}
		if i, ok := firstWhere(s.Hotels, func(h Hotel) bool { return empty(h.Name, h.Address, h.Grade) }); ok {
			return indexed("sheet.hotels", i), "each hotel's name, address and grade"
		}
	case ClauseMeals:
		if i, ok := firstWhere(s.Meals, func(m Meal) bool { return empty(m.Place, m.Standard) }); ok {
			return indexed("sheet.meals", i), "each meal's place and standard"
		}
	case ClauseSights:
		if i, ok := firstWhere(s.Sights, func(x Sight) bool { return empty(x.Name) || x.MinMinutes < 1 }); ok {
			return indexed("sheet.sights", i), "each sight's name and minimum time"
		}
	case ClauseFreeTime:
		if i, ok := firstWhere(s.FreeTime, func(f FreeTime) bool { return empty(f.Place) || f.Minutes < 1 }); ok {
			return indexed("sheet.free_time", i), "each free time's place and length"
		}
	case ClauseShopping:
		if i, ok := firstWhere(s.Shopping, func(x Shop) bool { return empty(x.Name) || x.Minutes < 1 }); ok {
			return indexed("sheet.shopping", i), "each shopping stop's name and time"
		}
	case ClauseOptional:
		if i, ok := firstWhere(s.Optional, func(x OptionalItem) bool { return empty(x.Name) || !x.Price.IsValid() }); ok {
			return indexed("sheet.optional", i), "each optional item's name and price"
		}
	case ClausePrice:
		if !c.Price.Total.IsValid() || !c.Price.Adult.IsValid() || empty(c.Price.Method) || len(c.Schedule.Instalments) == 0 {
			return "price", "the adult price, the total, the payment method and the schedule"
		}
	case ClauseDispute:
		if (c.Dispute.Method != "arbitration" && c.Dispute.Method != "court") || empty(c.Dispute.Body) {
			return "dispute", "arbitration by a named commission, or the court"
		}
	case ClauseStaff:
		if empty(c.Staff.Name, c.Staff.Phone) {
			return "staff", "the staff member's name and phone"
		}
	case ClauseSigning:
		if empty(c.SignPlace) || c.SignDate == 0 {
			return "signing", "the place and date of signing"
		}
	case ClauseComplaint:
		if empty(c.ComplaintPhone) {
			return "complaint_phone", "the supervision and complaint phone"
		}
	case ClauseTermination:
		if k.t.Law == LawPRC && (len(c.TravellerScale.Steps) == 0 || len(c.AgencyScale.Steps) == 0) {
			return "scales", "the cancellation scales for the traveller and the agency"
		}
		if k.t.Law == LawEU && len(c.TravellerScale.Steps) == 0 {
			return "traveller_scale", "the termination fees"
		}
	case ClauseFormalities:
		if c.EU == nil || empty(c.EU.Formalities) {
			return "eu.formalities", "passport, visa and health formalities"
		}
	case ClauseInsolvency:
		if c.EU == nil || empty(c.EU.InsolvencyProtector) {
			return "eu.insolvency_protector", "the insolvency protector's contact"
		}
	case ClauseLocalContact:
		if c.EU == nil || empty(c.EU.LocalContact) {
			return "eu.local_contact", "a local representative or contact point"
		}
	case ClauseComplaints:
		if c.EU == nil || empty(c.EU.ComplaintHandling) {
			return "eu.complaint_handling", "complaint handling and dispute resolution"
		}
	default:
		return "template.requires", "a clause this library does not know: " + string(cl)
	}
	return "", ""
}

// firstWhere finds the first element of xs that is bad.
func firstWhere[T any](xs []T, bad func(T) bool) (int, bool) {
	for i, x := range xs {
		if bad(x) {
			return i, true
		}
	}
	return 0, false
}

func indexed(field string, i int) string { return field + "[" + strconv.Itoa(i) + "]" }

func (k *checker) licence() {
	c := k.c
	if empty(c.Agency.Licence) {
		k.add(MissingLicenceNo, Blocking, "agency.licence", "旅行社条例 art. 28(1)", "a licence number", "", "the agency's licence number is missing")
	}
	need := ScopeDomestic
	if k.t.Outbound {
		need = ScopeOutbound
	}
	has := false
	var got []string
	for _, s := range c.Agency.Scopes {
		has = has || s == need
		got = append(got, string(s))
	}
	if !has {
		k.add(LicenceScope, Blocking, "agency.scopes", "旅行社条例 art. 23, 25", string(need), strings.Join(got, ", "),
			"the agency's licence does not cover this contract's business")
	}
}

func (k *checker) group() {
	g := k.c.Group
	if !g.GroupTour {
		return
	}
	var missing []string
	if g.MinSize < 1 {
		missing = append(missing, "minimum size")
	}
	for _, x := range []struct {
		name string
		c    Consent
	}{{"transfer", g.Transfer}, {"postpone", g.Postpone}, {"change_route", g.ChangeRoute}, {"terminate", g.Terminate}} {
		if !written(x.c) {
			missing = append(missing, x.name)
		}
	}
	if len(missing) > 0 {
		k.add(MissingMinGroup, Blocking, "group", "旅游法 art. 58(3); GF-2014 art. 23", "minimum size and four written consents",
			strings.Join(missing, ", "), "a group tour states its minimum size and the four consents written out (同意/不同意)")
	}
}

func (k *checker) localOperator() {
	c := k.c
	if c.Delegated && (c.LocalOperator == nil || empty(c.LocalOperator.Name, c.LocalOperator.Address, c.LocalOperator.Contact)) {
		k.add(MissingLocalOp, Blocking, "local_operator", "旅游法 art. 60; GF-2014 art. 2(2)", "name, address and contact", "",
			"handling is delegated but the local operator is not fully named")
	}
}

func (k *checker) guideFee() {
	p := k.c.Price
	if !k.c.GuideArranged {
		return
	}
	if !p.GuideFeePerPerson.IsValid() || !p.GuideFeeTotal.IsValid() {
		k.add(MissingGuideFee, Blocking, "price.guide_fee", "旅游法 art. 60; GF-2014 art. 21", "per person and in total", "",
			"a guide is arranged but the guide fee is not stated per person and in total")
		return
	}
	want := p.GuideFeePerPerson.MulInt(int64(p.Adults + p.Kids))
	if !want.Equal(p.GuideFeeTotal) {
		k.add(MissingGuideFee, Blocking, "price.guide_fee_total", "GF-2014 art. 21", want.String(), p.GuideFeeTotal.String(),
			"the guide fee in total is not the fee per person times the travellers")
	}
}

// rateAt is a scale's rate n calendar days before departure; false when
// the scale has no step that far out.
func rateAt(s booking.Scale, n int) (decimal.Decimal, bool) {
	for _, st := range s.Steps {
		if n >= st.MinDays {
			return st.Percent, true
		}
	}
	return decimal.Decimal{}, false
}

// scaleDiff lists the days on which two scales charge different rates,
// from the farthest step of either down to the departure day, and whether
// got charges less than the model on any of them.
func scaleDiff(got, model booking.Scale) (diff []string, lower bool) {
	far := 0
	for _, s := range [][]booking.Step{got.Steps, model.Steps} {
		if len(s) > 0 {
			far = max(far, s[0].MinDays)
		}
	}
	type run struct {
		from, to int
		text     string
	}
	var runs []run
	for n := far; n >= 0; n-- {
		g, gok := rateAt(got, n)
		m, _ := rateAt(model, n)
		if gok && g.Equal(m) {
			continue
		}
		gs := "none"
		if gok {
			gs = g.String() + "%"
		}
		text := fmt.Sprintf("%s (model %s%%)", gs, m)
		lower = lower || !gok || g.LessThan(m)
		if l := len(runs); l > 0 && runs[l-1].to == n+1 && runs[l-1].text == text {
			runs[l-1].to = n
			continue
		}
		runs = append(runs, run{n, n, text})
	}
	for _, r := range runs {
		days := fmt.Sprintf("%d–%d days", r.from, r.to)
		switch {
		case r.from == far && r.from == r.to:
			days = fmt.Sprintf("%d days or more", r.from)
		case r.from == far:
			days = fmt.Sprintf("%d days or more down to %d", r.from, r.to)
		case r.from == r.to:
			days = fmt.Sprintf("%d days", r.from)
		}
		diff = append(diff, days+": "+r.text)
	}
	return diff, lower
}

func (k *checker) liability() {
	c, t := k.c, k.t
	if c.NotFormedNoticeDays < t.NotFormedNoticeDays {
		k.add(LiabilityReduced, Blocking, "not_formed_notice_days", "旅游法 art. 63; "+t.Code+" usage note 3",
			strconv.Itoa(t.NotFormedNoticeDays), strconv.Itoa(c.NotFormedNoticeDays), "the notice of a group not formed is shorter than the law's")
	}
	if diff, lower := scaleDiff(c.AgencyScale, t.AgencyScale); lower {
		k.add(LiabilityReduced, Blocking, "agency_scale", t.Code+" art. 17.1; usage note 3", t.AgencyScale.Name, strings.Join(diff, "; "),
			"the agency's penalties are below the model's")
	}
}

// euNotice is the latest notice PTD art. 12(3)(a) allows for terminating
// for too few participants, by the trip's length in days.
func euNotice(days int) time.Duration {
	switch {
	case days > 6:
		return 20 * 24 * time.Hour
	case days >= 2:
		return 7 * 24 * time.Hour
	}
	return 48 * time.Hour
}

func (k *checker) eu() {
	e := k.c.EU
	if e == nil {
		return
	}
	if e.PriceRevision && (!e.PriceReduction || e.RevisionDays < 20) {
		k.add(EUPriceClause, Blocking, "eu.price_revision", "PTD art. 10(1), (2), (4)", "a reduction right and increases stopped ≥ 20 days before start",
			fmt.Sprintf("reduction %t, %d days", e.PriceReduction, e.RevisionDays), "a price-revision clause must be symmetric and end 20 days before the start")
	}
	if e.MinNumber > 0 {
		want := euNotice(k.c.Sheet.Days)
		if e.MinNumberNotice < want {
			k.add(EUMinNumberDeadline, Blocking, "eu.min_number_notice", "PTD art. 12(3)(a)", want.String(), e.MinNumberNotice.String(),
				fmt.Sprintf("a %d-day trip may be terminated for too few participants no later than %s before its start", k.c.Sheet.Days, want))
		}
	}
}

func (k *checker) vague() {
	s := &k.c.Sheet
	check := func(field, text string) {
		if m := vague.FindString(text); m != "" {
			k.add(VagueStandard, Blocking, field, "GF-2014 art. 2", "a definite standard", text, "a vague standard: "+m)
		}
	}
	for i, h := range s.Hotels {
		f := "sheet.hotels[" + strconv.Itoa(i) + "]"
		check(f+".name", h.Name)
		check(f+".grade", h.Grade)
	}
	for i, m := range s.Meals {
		check("sheet.meals["+strconv.Itoa(i)+"].standard", m.Standard)
	}
	for i, t := range s.Transport {
		check("sheet.transport["+strconv.Itoa(i)+"].class", t.Class)
	}
	for i, n := range s.Notes {
		check("sheet.notes["+strconv.Itoa(i)+"]", n)
	}
}

func (k *checker) totals(src Sources) {
	total := k.c.Price.Total
	var srcs []source
	amounts := map[string]pricing.Money{}
	add := func(name string, m pricing.Money) {
		srcs = append(srcs, source{name, m.String()})
		amounts[m.String()] = m
	}
	if src.Quote != nil {
		add("the accepted quote's total", src.Quote.Totals.Total)
		sum := pricing.Zero(src.Quote.Currency)
		for _, l := range src.Quote.Lines {
			var err error
			if sum, err = sum.Add(l.Total); err != nil {
				break
			}
		}
		add("the sum of the quote's rounded lines", sum)
	}
	if src.Booking != nil {
		add("the booking's total", src.Booking.Total)
	}
	money := func(want string) string {
		d, err := total.Sub(amounts[want])
		switch {
		case err != nil:
			return "" // another currency: no difference to give
		case d.Sign() > 0:
			return "+" + d.String()
		}
		return d.String()
	}
	k.against(TotalMismatch, "price.total", "DOMAIN: one total everywhere", "the contract total", total.String(), money, srcs)
}

func (k *checker) schedule(src Sources) {
	c := k.c
	s := c.Schedule
	sum := pricing.Zero(c.Price.Total.Currency())
	var err error
	for i, in := range s.Instalments {
		if sum, err = sum.Add(in.Amount); err != nil {
			k.add(ScheduleMismatch, Blocking, "schedule.instalments["+strconv.Itoa(i)+"]", "DOMAIN: payments", sum.Currency().Code(),
				in.Amount.Currency().Code(), "an instalment is in another currency")
			return
		}
		if c.Sheet.Start != 0 && in.Due > c.Sheet.Start {
			k.add(ScheduleMismatch, Blocking, "schedule.instalments["+strconv.Itoa(i)+"].due", "DOMAIN: payments",
				"on or before "+c.Sheet.Start.String(), in.Due.String(), "an instalment falls due after departure")
		}
	}
	if len(s.Instalments) > 0 && (!sum.Equal(c.Price.Total) || !s.Total.Equal(c.Price.Total)) {
		k.add(ScheduleMismatch, Blocking, "schedule", "DOMAIN: payments", c.Price.Total.String(), sum.String(),
			"the instalments do not add up to the contract total")
	}
	if src.Schedule != nil && !sameSchedule(s, *src.Schedule) {
		k.add(ScheduleMismatch, Blocking, "schedule", "DOMAIN: payments", scheduleText(*src.Schedule), scheduleText(s),
			"the contract's schedule differs from the booking's")
	}
}

func sameSchedule(a, b pricing.PaymentSchedule) bool {
	if len(a.Instalments) != len(b.Instalments) || !a.Total.Equal(b.Total) {
		return false
	}
	for i := range a.Instalments {
		x, y := a.Instalments[i], b.Instalments[i]
		if x.Kind != y.Kind || x.Due != y.Due || !x.Amount.Equal(y.Amount) {
			return false
		}
	}
	return true
}

func scheduleText(s pricing.PaymentSchedule) string {
	parts := make([]string, len(s.Instalments))
	for i, in := range s.Instalments {
		parts[i] = fmt.Sprintf("%s %s due %s", in.Kind, in.Amount, in.Due)
	}
	return strings.Join(parts, "; ")
}

func (k *checker) dates(src Sources) {
	s := &k.c.Sheet
	if s.Start != 0 && s.End >= s.Start && s.Days != int(s.End-s.Start)+1 {
		k.add(DatesMismatch, Blocking, "sheet.days", "GF-2014 art. 2, 20", strconv.Itoa(int(s.End-s.Start)+1), strconv.Itoa(s.Days),
			"days are calendar days from start to end, both counted")
	}
	if s.End < s.Start {
		k.add(DatesMismatch, Blocking, "sheet.end", "GF-2014 art. 20", "on or after "+s.Start.String(), s.End.String(), "the trip ends before it starts")
	}
	var nights []source
	if len(s.Hotels) > 0 {
		hotelNights := 0
		for _, h := range s.Hotels {
			hotelNights += h.Nights()
		}
		nights = append(nights, source{"the hotels' nights", strconv.Itoa(hotelNights)})
	}
	if t := src.Trip; t != nil {
		if s.Start != t.Start || s.End != t.End {
			k.add(DatesMismatch, Blocking, "sheet.start", "GF-2014 art. 20", t.Start.String()+" to "+t.End.String(),
				s.Start.String()+" to "+s.End.String(), "the contract's dates differ from the itinerary's")
		}
		n := 0
		for _, it := range t.Items {
			if it.Stay != nil {
				n += it.Stay.Nights()
			}
		}
		nights = append(nights, source{"the itinerary's stays", strconv.Itoa(n)})
	}
	k.against(NightsMismatch, "sheet.nights", "GF-2014 art. 20", "the nights stated", strconv.Itoa(s.Nights), intDiff(strconv.Itoa(s.Nights)), nights)
	if b := src.Booking; b != nil && len(b.Services) > 0 && s.Start != 0 && (b.Departure() < s.Start || b.Return() > s.End) {
		k.add(DatesMismatch, Blocking, "services", "GF-2014 art. 20", b.Departure().String()+" to "+b.Return().String(),
			s.Start.String()+" to "+s.End.String(), "the contract's dates do not cover the booking's services")
	}
}

// docName is a name in the travel document's form: upper case, single
// spaces (ICAO 9303 prints names in capitals).
func docName(surname, given string) string {
	return strings.ToUpper(strings.Join(strings.Fields(surname), " ")) + "/" + strings.ToUpper(strings.Join(strings.Fields(given), " "))
}

func (k *checker) pax(src Sources) {
	c := k.c
	n := len(c.Travellers)
	var party []source
	if src.Booking != nil {
		party = append(party, source{"the booking's travellers", strconv.Itoa(len(src.Booking.Travellers))})
	}
	if src.Quote != nil {
		party = append(party, source{"the quote's travellers", strconv.Itoa(len(src.Quote.Travellers))})
	}
	if src.Trip != nil {
		party = append(party, source{"the itinerary's party", strconv.Itoa(len(src.Trip.Party.Travellers))})
	}
	priced := strconv.Itoa(c.Price.Adults + c.Price.Kids)
	k.against(PaxMismatch, "travellers", "DOMAIN: one roster", "the contract's roster", strconv.Itoa(n), intDiff(strconv.Itoa(n)), party)
	if len(party) == 0 {
		party = []source{{"the contract's roster", strconv.Itoa(n)}}
	}
	k.against(PaxMismatch, "price.adults", "DOMAIN: one roster", "the adults and children priced", priced, intDiff(priced), party)
	if src.Booking != nil {
		byID := map[string]booking.Traveller{}
		for _, t := range src.Booking.Travellers {
			byID[t.ID] = t
		}
		for i, t := range c.Travellers {
			f := "travellers[" + strconv.Itoa(i) + "]"
			b, ok := byID[t.ID]
			switch {
			case !ok:
				k.add(NameMismatch, Blocking, f, "DOMAIN: one roster", "a traveller of the booking", t.ID, "the booking has no such traveller")
			case docName(t.Surname, t.GivenNames) != docName(b.Surname, b.GivenNames):
				k.add(NameMismatch, Blocking, f+".name", "DOMAIN: one roster", docName(b.Surname, b.GivenNames), docName(t.Surname, t.GivenNames),
					"the name differs from the booking's")
			case t.DocumentNumber != b.DocumentNumber:
				k.add(NameMismatch, Blocking, f+".document_number", "DOMAIN: one roster", maskDoc(b.DocumentNumber), maskDoc(t.DocumentNumber),
					"the document number differs from the booking's")
			}
		}
	}
}

// maskDoc keeps a document number out of findings that may be logged.
func maskDoc(s string) string {
	return booking.Traveller{DocumentNumber: s}.MaskedDocument()
}

func (k *checker) warnings(months int) {
	c, t := k.c, k.t
	if t.Law == LawPRC {
		if diff, _ := scaleDiff(c.TravellerScale, t.TravellerScale); len(diff) > 0 {
			k.add(ScaleDeviates, Warning, "traveller_scale", t.Code+" art. 15.1", t.TravellerScale.Name, strings.Join(diff, "; "),
				"the traveller's cancellation scale differs from the model's")
		}
		if diff, lower := scaleDiff(c.AgencyScale, t.AgencyScale); len(diff) > 0 && !lower {
			k.add(ScaleDeviates, Warning, "agency_scale", t.Code+" art. 17.1", t.AgencyScale.Name, strings.Join(diff, "; "),
				"the agency's penalties differ from the model's (above it)")
		}
	}
	if t.Superseded {
		k.add(TemplateOutdated, Warning, "template", "", "a current edition", t.Code+" ("+t.Edition+")", "the template is a superseded edition")
	}
	if c.Insurance == "" {
		k.add(InsuranceMissing, Warning, "insurance", "旅游法 art. 61; GF-2014 art. 22", "entrust, self or waive", "", "the traveller's insurance choice is missing")
	}
	if len(c.Sheet.Shopping) > 0 && !c.ShoppingAnnex {
		k.add(ShoppingAnnexMissing, Warning, "shopping_annex", "GF-2014 art. 25", "annex 3", "", "the itinerary has shopping stops but no shopping annex")
	}
	for i, s := range c.Services {
		if s.SupplierRef == "" && s.Status != booking.ServiceCancelled {
			k.add(SupplierUnconfirmed, Warning, "services["+strconv.Itoa(i)+"].supplier_ref", "", "a supplier reference", "",
				"service "+s.ID+" has no supplier reference yet")
		}
	}
	ret := c.Sheet.End
	if ret == 0 {
		return
	}
	limit := ret.AddDate(0, months, 0)
	for i, tr := range c.Travellers {
		if tr.DocumentExpiry != 0 && tr.DocumentExpiry < limit {
			k.add(DocumentValidity, Warning, "travellers["+strconv.Itoa(i)+"].document_expiry", "",
				"valid until "+limit.String()+" or later", tr.DocumentExpiry.String(),
				fmt.Sprintf("the document expires within %d months after return", months))
		}
	}
}
