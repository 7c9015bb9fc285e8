package contract

import (
	"github.com/travelkit/travelkit/document"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/booking"
	"github.com/travelkit/travelkit/internal/problem"
	"github.com/travelkit/travelkit/itinerary"
	"github.com/travelkit/travelkit/pricing"
)

// LetterInput is what a confirmation letter (预订确认函) is made of: a
// booking revision with its schedule, the accepted quote's lines, the
// trip (for local times), the cancellation scale that applies, the
// emergency contact and the document requirements.
type LetterInput struct {
	Booking  booking.Booking
	Schedule pricing.PaymentSchedule
	Quote    *pricing.Quote
	Trip     *itinerary.Trip
	Scale    booking.Scale
	// Emergency is who to call day and night during the trip.
	Emergency string
	// Requirements are the travel-document requirements (passport
	// validity, visas), one per line.
	Requirements []string
	// Agency is who confirms: the letter is headed with it when it has a
	// name (the signed contract's agency).
	Agency Agency
}

// RenderLetterText writes the confirmation letter as plain text in lang:
// reference and revision, lead traveller, roster, every service with its
// dates (local times and UTC offsets for transport) and supplier
// reference, the customer's special requests, the price breakdown, the schedule, the cancellation terms,
// the emergency contact and the document requirements.
func RenderLetterText(out io.Writer, in LetterInput, lang language.Tag) error {
	d, err := LetterDocument(in, lang)
	if err != nil {
		return err
	}
	return document.WriteText(out, d)
}

// RenderLetterHTML writes the confirmation letter as a print-ready A4
// HTML page in lang, with the same content as RenderLetterText.
func RenderLetterHTML(out io.Writer, in LetterInput, lang language.Tag) error {
	d, err := LetterDocument(in, lang)
	if err != nil {
		return err
	}
	return document.WriteHTML(out, d)
}

// LetterDocument is the confirmation letter as RenderLetterText and
// RenderLetterHTML write it, for another rendering such as document/pdf's.
func LetterDocument(in LetterInput, lang language.Tag) (document.Document, error) {
	var ps problem.List
	if in.Quote == nil || in.Trip == nil {
		ps.Add("quote", "required", "a confirmation letter reads the accepted quote and its trip")
	}
	if len(in.Booking.Travellers) == 0 {
		ps.Add("booking.travellers", "required", "a confirmation letter names the travellers")
	}
	if err := ps.Err(ErrInvalid); err != nil {
		return doc{}, err
	}
	w := wordsFor(lang)
	b := &in.Booking
	d := doc{Lang: w.p.T("lang.tag"), Title: w.letter}
	d.Subtitle = []string{w.booking + " " + b.Reference + " · " + w.revision + " " + strconv.Itoa(b.Revision)}
	d.Header = w.letter + " · " + b.Reference
	if a := in.Agency; a.Name != "" {
		d.Header = a.Name + " · " + d.Header
		var parts []string
		for _, p := range []string{a.Name, a.Licence, a.Address, a.Phone, a.Email} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		d.Subtitle = append([]string{strings.Join(parts, " · ")}, d.Subtitle...)
	}
	lead := b.Travellers[0]
	d.Add(w.lead, row{Value: strings.ToUpper(lead.Surname) + "/" + strings.ToUpper(lead.GivenNames)})
	roster := make([]Traveller, len(b.Travellers))
	types := map[string]pricing.TravellerType{}
	for _, t := range in.Quote.Travellers {
		types[t.ID] = t.Type
	}
	for i, t := range b.Travellers {
		roster[i] = Traveller{Surname: t.Surname, GivenNames: t.GivenNames, Child: types[t.ID] != pricing.Adult && types[t.ID] != "",
			DocumentNumber: t.MaskedDocument(), DocumentExpiry: t.DocumentExpiry}
	}
	d.Add(w.roster, w.travellerRows(roster)...)

	services := d.Add(w.services)
	for _, sv := range b.Services {
		when := w.date(sv.Start)
		if sv.End != sv.Start {
			when += " – " + w.date(sv.End)
		}
		title := sv.Product
		if i := slices.IndexFunc(in.Quote.Lines, func(l pricing.PricedLine) bool { return l.ID == sv.ID }); i >= 0 {
			title = in.Quote.Lines[i].Description // a line that is no itinerary item: a pass, a visa, insurance
		}
		if it, ok := in.Trip.Item(sv.ID); ok {
			title = it.TitleIn(lang)
			if tr := it.Transport; tr != nil {
				when = w.instant(inZone(tr.Depart, tr.From.Zone), tr.From.Name(lang)) + " → " + w.instant(inZone(tr.Arrive, tr.To.Zone), tr.To.Name(lang))
			}
		}
		ref := sv.SupplierRef
		if ref == "" {
			ref = w.unconfirmed
		}
		services.Rows = append(services.Rows, row{Label: w.or(title), Value: when + " · " + w.p.Or("service.status."+string(sv.Status), string(sv.Status)) + " · " + w.supplierRef + " " + ref})
	}

	if r := b.Requests; !r.IsZero() {
		rs := d.Add(w.requests)
		for _, x := range [...]struct{ label, text string }{{w.dietary, r.Dietary}, {w.mobility, r.Mobility}, {w.room, r.Room}, {w.occasion, r.Occasion}} {
			if x.text != "" {
				rs.Rows = append(rs.Rows, row{Label: x.label, Value: x.text})
			}
		}
	}

	breakdown := d.Add(w.breakdown)
	for _, l := range in.Quote.Lines {
		breakdown.Rows = append(breakdown.Rows, row{Label: l.Description, Value: w.money(l.Total)})
	}
	breakdown.Rows = append(breakdown.Rows, row{Label: w.total, Value: w.money(b.Total)})
	d.Add(w.schedule, w.scheduleRows(in.Schedule)...)
	if len(in.Scale.Steps) > 0 {
		d.Add(w.terms, w.scaleRows(in.Scale)...)
	}
	// A section the letter has nothing for says what to do instead, or
	// is left out; it never says "none" of something the customer needs.
	switch {
	case strings.TrimSpace(in.Emergency) != "":
		d.Add(w.emergency, row{Value: in.Emergency})
	case in.Agency.Phone != "":
		d.Add(w.emergency, row{Value: w.callAgency + in.Agency.Phone})
	}
	req := d.Add(w.requirements)
	for _, r := range in.Requirements {
		req.Rows = append(req.Rows, row{Value: r})
	}
	if len(req.Rows) == 0 {
		req.Rows = append(req.Rows, row{Value: w.askRequirements})
	}
	return d, nil
}
