package contract

import (
	"cmp"
	"fmt"
	"github.com/travelkit/travelkit/document"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/pricing"
)

// words are the fixed texts of the documents in one language.
type words struct {
	p *i18n.Printer
	f *pricing.Formatter

	contract, supplement, number, template, booking, revision                        string
	parties, agency, licence, scopes, address, phone, email, staff, localOp, contact string
	travellers, document, expires, child, adult                                      string
	sheet, route, departure, stops, destination, ret, dates, days, nights            string
	day, hotel, grade, checkIn, meal, sight, minTime, free, shop, optional           string
	price, adultPrice, childPrice, guideFee, guideTotal, total, method, schedule     string
	group, minSize, consentTransfer, consentPostpone, consentRoute, consentTerminate string
	consentMerge, notGroup, insurance, cancellation, travellerScale, agencyScale     string
	notFormed, daysOrMore, daysRange, departureDay, dispute, arbitration, court      string
	complaint, supervisor, eu, formalities, insolvency, localContact, complaints     string
	priceRevision, minNumber, annex3, annex4, signing, place, signDate               string
	travellerSign, agencySign, none, letter, lead, roster, services, supplierRef     string
	breakdown, terms, emergency, requirements, unconfirmed, signed                   string
	askRequirements, callAgency                                                      string
	requests, dietary, mobility, room, occasion                                      string
	nightsN, daysN                                                                   string
}

func wordsFor(lang language.Tag) words {
	p := i18n.For(lang)
	return words{p: p, f: pricing.NewFormatter(lang), contract: p.Raw("ct.contract"), supplement: p.Raw("ct.supplement"), number: p.Raw("ct.number"), template: p.Raw("ct.template"), booking: p.Raw("ct.booking"), revision: p.Raw("ct.revision"), parties: p.Raw("ct.parties"), agency: p.Raw("ct.agency"), licence: p.Raw("ct.licence"), scopes: p.Raw("ct.scopes"), address: p.Raw("ct.address"), phone: p.Raw("ct.phone"), email: p.Raw("ct.email"), staff: p.Raw("ct.staff"), localOp: p.Raw("ct.localOp"), contact: p.Raw("ct.contact"), travellers: p.Raw("ct.travellers"), document: p.Raw("ct.document"), expires: p.Raw("ct.expires"), child: p.Raw("ct.child"), adult: p.Raw("ct.adult"), sheet: p.Raw("ct.sheet"), route: p.Raw("ct.route"), departure: p.Raw("ct.departure"), stops: p.Raw("ct.stops"), destination: p.Raw("ct.destination"), ret: p.Raw("ct.ret"), dates: p.Raw("ct.dates"), days: p.Raw("ct.days"), nights: p.Raw("ct.nights"), day: p.Raw("ct.day"), hotel: p.Raw("ct.hotel"), grade: p.Raw("ct.grade"), checkIn: p.Raw("ct.checkIn"), meal: p.Raw("ct.meal"), sight: p.Raw("ct.sight"), minTime: p.Raw("ct.minTime"), free: p.Raw("ct.free"), shop: p.Raw("ct.shop"), optional: p.Raw("ct.optional"), price: p.Raw("ct.price"), adultPrice: p.Raw("ct.adultPrice"), childPrice: p.Raw("ct.childPrice"), guideFee: p.Raw("ct.guideFee"), guideTotal: p.Raw("ct.guideTotal"), total: p.Raw("ct.total"), method: p.Raw("ct.method"), schedule: p.Raw("ct.schedule"), group: p.Raw("ct.group"), minSize: p.Raw("ct.minSize"), consentTransfer: p.Raw("ct.consentTransfer"), consentPostpone: p.Raw("ct.consentPostpone"), consentRoute: p.Raw("ct.consentRoute"), consentTerminate: p.Raw("ct.consentTerminate"), consentMerge: p.Raw("ct.consentMerge"), notGroup: p.Raw("ct.notGroup"), insurance: p.Raw("ct.insurance"), cancellation: p.Raw("ct.cancellation"), travellerScale: p.Raw("ct.travellerScale"), agencyScale: p.Raw("ct.agencyScale"), notFormed: p.Raw("ct.notFormed"), daysOrMore: p.Raw("ct.daysOrMore"), daysRange: p.Raw("ct.daysRange"), departureDay: p.Raw("ct.departureDay"), dispute: p.Raw("ct.dispute"), arbitration: p.Raw("ct.arbitration"), court: p.Raw("ct.court"), complaint: p.Raw("ct.complaint"), supervisor: p.Raw("ct.supervisor"), eu: p.Raw("ct.eu"), formalities: p.Raw("ct.formalities"), insolvency: p.Raw("ct.insolvency"), localContact: p.Raw("ct.localContact"), complaints: p.Raw("ct.complaints"), priceRevision: p.Raw("ct.priceRevision"), minNumber: p.Raw("ct.minNumber"), annex3: p.Raw("ct.annex3"), annex4: p.Raw("ct.annex4"), signing: p.Raw("ct.signing"), place: p.Raw("ct.place"), signDate: p.Raw("ct.signDate"), travellerSign: p.Raw("ct.travellerSign"), agencySign: p.Raw("ct.agencySign"), none: p.Raw("ct.none"), letter: p.Raw("ct.letter"), lead: p.Raw("ct.lead"), roster: p.Raw("ct.roster"), services: p.Raw("ct.services"), supplierRef: p.Raw("ct.supplierRef"), breakdown: p.Raw("ct.breakdown"), terms: p.Raw("ct.terms"), emergency: p.Raw("ct.emergency"), requirements: p.Raw("ct.requirements"), askRequirements: p.Raw("ct.askRequirements"), callAgency: p.Raw("ct.callAgency"), unconfirmed: p.Raw("ct.unconfirmed"), signed: p.Raw("ct.signed"), nightsN: p.Raw("ct.nightsN"), daysN: p.Raw("ct.daysN"), requests: p.Raw("ct.requests"), dietary: p.Raw("ct.dietary"), mobility: p.Raw("ct.mobility"), room: p.Raw("ct.room"), occasion: p.Raw("ct.occasion")}
}

func (w words) date(d date.Date) string {
	if d == 0 {
		return w.none
	}
	return human.Date(d, w.p)
}

func (w words) money(m pricing.Money) string {
	if !m.IsValid() {
		return w.none
	}
	return w.f.Format(m)
}

func (w words) or(s string) string {
	if strings.TrimSpace(s) == "" {
		return w.none
	}
	return s
}

func (w words) list(ss []string) string {
	if len(ss) == 0 {
		return w.none
	}
	return strings.Join(ss, w.p.T("list.enum_sep"))
}

func (w words) minutes(n int) string { return human.Duration(time.Duration(n)*time.Minute, w.p) }

// instant shows an instant in its own zone with the UTC offset.
func (w words) instant(t time.Time, place string) string {
	if t.IsZero() {
		return w.none
	}
	return human.Instant(t, t.Location(), place, w.p)
}

// scaleRows lays a cancellation scale out one step a row.
func (w words) scaleRows(s booking.Scale) []row {
	var rows []row
	for i, st := range s.Steps {
		var label string
		switch {
		case i == 0:
			label = fmt.Sprintf(w.daysOrMore, st.MinDays)
		case st.MinDays == 0:
			label = w.departureDay
		default:
			label = fmt.Sprintf(w.daysRange, s.Steps[i-1].MinDays-1, st.MinDays)
		}
		rows = append(rows, row{Label: label, Value: st.Percent.String() + "%"})
	}
	return rows
}

func (w words) scheduleRows(s pricing.PaymentSchedule) []row {
	var rows []row
	for _, in := range s.Instalments {
		rows = append(rows, row{Label: w.p.Or("instalment."+string(in.Kind), string(in.Kind)), Value: w.money(in.Amount) + " · " + w.date(in.Due)})
	}
	return rows
}

func (w words) travellerRows(ts []Traveller) []row {
	var rows []row
	for i, t := range ts {
		kind := w.adult
		if t.Child {
			kind = w.child
		}
		v := strings.ToUpper(t.Surname) + "/" + strings.ToUpper(t.GivenNames) + w.p.T("paren", kind)
		if t.DocumentNumber != "" {
			v += " · " + w.document + " " + t.DocumentNumber
		}
		if t.DocumentExpiry != 0 {
			v += " · " + w.expires + " " + w.date(t.DocumentExpiry)
		}
		rows = append(rows, row{Label: strconv.Itoa(i + 1), Value: v})
	}
	return rows
}

// buildContract lays the contract out for a reader in lang.
func buildContract(c *Contract, t Template, lang language.Tag) doc {
	w := wordsFor(lang)
	own := t.TitleEN
	if w.p.Han() {
		own = t.Title
	}
	d := doc{Lang: w.p.T("lang.tag"), Title: w.p.Or("template."+t.Code, own)}
	if d.Title == "" {
		d.Title = w.contract
	}
	if c.Supplement > 0 {
		d.Title += " · " + w.supplement + " " + strconv.Itoa(c.Supplement)
	}
	d.Subtitle = []string{w.number + " " + c.Number + " · " + t.Code + " (" + t.Edition + ") " + w.template,
		w.booking + " " + c.Booking + " · " + w.revision + " " + strconv.Itoa(c.Revision)}
	d.Header = strings.TrimLeft(c.Agency.Name+" · "+w.number+" "+c.Number, " ·")

	var scopes []string
	for _, s := range c.Agency.Scopes {
		scopes = append(scopes, w.p.Or("scope."+string(s), string(s)))
	}
	parties := d.Add(w.parties,
		row{Label: w.agency, Value: w.or(c.Agency.Name)}, row{Label: w.licence, Value: w.or(c.Agency.Licence)},
		row{Label: w.scopes, Value: w.list(scopes)}, row{Label: w.address, Value: w.or(c.Agency.Address)},
		row{Label: w.phone, Value: w.or(c.Agency.Phone)})
	if c.Agency.Email != "" {
		parties.Rows = append(parties.Rows, row{Label: w.email, Value: c.Agency.Email})
	}
	parties.Rows = append(parties.Rows, row{Label: w.staff, Value: w.or(strings.TrimSpace(c.Staff.Name + " " + c.Staff.Phone))})
	if op := c.LocalOperator; op != nil {
		parties.Rows = append(parties.Rows, row{Label: w.localOp, Value: w.list([]string{op.Name, op.Address, op.Contact})})
	}
	d.Add(w.travellers, w.travellerRows(c.Travellers)...)

	s := &c.Sheet
	d.Add(w.sheet,
		row{Label: w.departure, Value: w.or(s.Departure)}, row{Label: w.stops, Value: w.list(s.Stops)},
		row{Label: w.destination, Value: w.or(s.Destination)}, row{Label: w.ret, Value: w.or(s.Return)},
		row{Label: w.dates, Value: w.date(s.Start) + " – " + w.date(s.End)},
		row{Label: w.days, Value: strconv.Itoa(s.Days)}, row{Label: w.nights, Value: strconv.Itoa(s.Nights)})
	for n, day := 1, s.Start; s.Start != 0 && day <= s.End; n, day = n+1, day+1 {
		rows := w.dayRows(s, day)
		if len(rows) > 0 {
			d.Add(fmt.Sprintf(w.day, n)+" · "+w.date(day), rows...)
		}
	}

	p := c.Price
	price := d.Add(w.price, row{Label: w.adultPrice, Value: w.money(p.Adult) + " × " + strconv.Itoa(p.Adults)})
	if p.Kids > 0 {
		price.Rows = append(price.Rows, row{Label: w.childPrice, Value: w.money(p.Child) + " × " + strconv.Itoa(p.Kids)})
	}
	if c.GuideArranged {
		price.Rows = append(price.Rows, row{Label: w.guideFee, Value: w.money(p.GuideFeePerPerson)}, row{Label: w.guideTotal, Value: w.money(p.GuideFeeTotal)})
	}
	price.Rows = append(price.Rows, row{Label: w.total, Value: w.money(p.Total)}, row{Label: w.method, Value: w.or(p.Method)})
	d.Add(w.schedule, w.scheduleRows(c.Schedule)...)

	g := c.Group
	if g.GroupTour {
		d.Add(w.group, row{Label: w.minSize, Value: strconv.Itoa(g.MinSize)},
			row{Label: w.consentTransfer, Value: w.or(string(g.Transfer))}, row{Label: w.consentPostpone, Value: w.or(string(g.Postpone))},
			row{Label: w.consentRoute, Value: w.or(string(g.ChangeRoute))}, row{Label: w.consentTerminate, Value: w.or(string(g.Terminate))},
			row{Label: w.consentMerge, Value: w.or(string(g.Merge))})
	} else {
		d.Add(w.group, row{Value: w.notGroup})
	}
	d.Add(w.insurance, row{Value: w.or(w.p.Or("insurance."+string(c.Insurance), string(c.Insurance)))})
	canc := d.Add(w.cancellation)
	if c.NotFormedNoticeDays > 0 {
		canc.Rows = append(canc.Rows, row{Label: w.notFormed, Value: fmt.Sprintf(w.daysN, c.NotFormedNoticeDays)})
	}
	if len(c.TravellerScale.Steps) > 0 {
		d.Add(w.travellerScale, w.scaleRows(c.TravellerScale)...)
	}
	if len(c.AgencyScale.Steps) > 0 {
		d.Add(w.agencyScale, w.scaleRows(c.AgencyScale)...)
	}
	disp := w.none
	switch c.Dispute.Method {
	case "arbitration":
		disp = fmt.Sprintf(w.arbitration, c.Dispute.Body)
	case "court":
		disp = fmt.Sprintf(w.court, c.Dispute.Body)
	}
	complaint := d.Add(w.dispute, row{Value: disp}, row{Label: w.complaint, Value: w.or(c.ComplaintPhone)})
	if c.Supervisor != "" {
		complaint.Rows = append(complaint.Rows, row{Label: w.supervisor, Value: c.Supervisor})
	}
	if e := c.EU; e != nil {
		rev := w.none
		if e.PriceRevision {
			rev = fmt.Sprintf("≥ %d", e.RevisionDays)
		}
		min := w.none
		if e.MinNumber > 0 {
			min = strconv.Itoa(e.MinNumber) + " · " + human.Duration(e.MinNumberNotice, w.p)
		}
		d.Add(w.eu, row{Label: w.formalities, Value: w.or(e.Formalities)}, row{Label: w.insolvency, Value: w.or(e.InsolvencyProtector)},
			row{Label: w.localContact, Value: w.or(e.LocalContact)}, row{Label: w.complaints, Value: w.or(e.ComplaintHandling)},
			row{Label: w.priceRevision, Value: rev}, row{Label: w.minNumber, Value: min})
	}
	if len(s.Shopping) > 0 || c.ShoppingAnnex {
		annex := d.Add(w.annex3)
		for _, x := range s.Shopping {
			annex.Rows = append(annex.Rows, row{Label: w.date(x.Date), Value: x.Name + " · " + w.minutes(x.Minutes)})
		}
	}
	if len(s.Optional) > 0 || c.OptionalAnnex {
		annex := d.Add(w.annex4)
		for _, x := range s.Optional {
			annex.Rows = append(annex.Rows, row{Label: w.date(x.Date), Value: x.Name + " · " + w.money(x.Price)})
		}
	}
	sign := d.Add(w.signing, row{Label: w.place, Value: w.or(c.SignPlace)}, row{Label: w.signDate, Value: w.date(c.SignDate)},
		row{Label: w.travellerSign, Sign: true}, row{Label: w.agencySign, Sign: true})
	if c.SignedAt != nil {
		sign.Rows = append(sign.Rows, row{Label: w.signed, Value: c.SignedAt.UTC().Format(time.RFC3339)})
	}
	return d
}

// dayRows lists one day of the sheet: transport, sights, meals, free
// time, shopping, optional items and the hotel checked into.
func (w words) dayRows(s *Sheet, day date.Date) []row {
	var rows []row
	for _, t := range s.Transport {
		if date.NewAt(t.Depart) == day {
			rows = append(rows, row{Label: w.p.Or("mode."+t.Mode, t.Mode), Value: t.Number + " · " + w.or(t.Class) + " · " + t.From + " " +
				w.instant(t.Depart, cmp.Or(t.FromCity, t.From)) + " → " + t.To + " " + w.instant(t.Arrive, cmp.Or(t.ToCity, t.To))})
		}
	}
	for _, x := range s.Sights {
		if x.Date == day {
			rows = append(rows, row{Label: w.sight, Value: x.Name + " · " + w.minTime + " " + w.minutes(x.MinMinutes)})
		}
	}
	for _, m := range s.Meals {
		if m.Date == day {
			rows = append(rows, row{Label: w.p.Or("meal."+m.Kind, m.Kind), Value: m.Place + " · " + w.or(m.Standard)})
		}
	}
	for _, f := range s.FreeTime {
		if f.Date == day {
			rows = append(rows, row{Label: w.free, Value: f.Place + " · " + w.minutes(f.Minutes)})
		}
	}
	for _, x := range s.Shopping {
		if x.Date == day {
			rows = append(rows, row{Label: w.shop, Value: x.Name + " · " + w.minutes(x.Minutes)})
		}
	}
	for _, x := range s.Optional {
		if x.Date == day {
			rows = append(rows, row{Label: w.optional, Value: x.Name + " · " + w.money(x.Price)})
		}
	}
	for _, h := range s.Hotels {
		if h.CheckIn == day {
			rows = append(rows, row{Label: w.hotel, Value: h.Name + " · " + w.or(h.Address) + " · " + w.grade + " " + w.or(h.Grade) + " · " +
				fmt.Sprintf(w.nightsN, h.Nights())})
		}
	}
	return rows
}

// RenderText writes the contract as plain text in lang (zh-CN, else
// English): the parties, the itinerary sheet day by day, price and
// schedule, group terms, insurance, the cancellation scales, disputes,
// the EU information for EU contracts, the annexes and the signatures.
func (cat *Catalogue) RenderText(out io.Writer, c *Contract, lang language.Tag) error {
	d, err := cat.Document(c, lang)
	if err != nil {
		return err
	}
	return document.WriteText(out, d)
}

// RenderHTML writes the contract as a print-ready A4 HTML page in lang,
// with the same content as RenderText; every text is escaped by
// html/template.
func (cat *Catalogue) RenderHTML(out io.Writer, c *Contract, lang language.Tag) error {
	d, err := cat.Document(c, lang)
	if err != nil {
		return err
	}
	return document.WriteHTML(out, d)
}

// Document is the contract as RenderText and RenderHTML write it, for
// another rendering such as document/pdf's; its page header names the
// agency and the contract number.
func (cat *Catalogue) Document(c *Contract, lang language.Tag) (document.Document, error) {
	if c == nil {
		return doc{}, problem.One(ErrInvalid, "contract", "required", "there is no contract to render")
	}
	t, ok := cat.Template(c.Template)
	if !ok {
		return doc{}, problem.One(ErrInvalid, "template", "unknown", "the catalogue has no template "+problem.Clip(c.Template))
	}
	return buildContract(c, t, lang), nil
}
