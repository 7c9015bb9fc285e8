package kpi

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/internal/i18n"
	"github.com/travelkit/travelkit/pricing"
)

// SalesBasis says which date puts a sale in a period.
type SalesBasis string

// Sales bases.
const (
	ByBookingDate   SalesBasis = "booking_date"
	ByDepartureDate SalesBasis = "departure_date"
)

// ContractBasis is what the contract error rate counts.
type ContractBasis string

// Contract error-rate bases.
const (
	// ByDrafts (the default) counts every contract drafted in the period
	// and as an error each one any validation found a blocking finding in,
	// caught before signing or not: how accurately contracts are written.
	ByDrafts ContractBasis = "drafts"
	// BySigned counts the contracts signed in the period and as an error
	// each one found with a blocking finding after it was signed: the
	// errors customers received.
	BySigned ContractBasis = "signed"
)

// Figures are one scope's counts for one period, as the store's queries
// give them.
type Figures struct {
	// Responses are survey responses dated in the period; Satisfied those
	// scoring 4 or 5.
	Responses, Satisfied int
	// NetSales are the period's sales less cancellations and refunds, by
	// Basis; PrevNetSales the previous period's. Bookings counts them.
	NetSales, PrevNetSales pricing.Money
	Bookings               int
	Basis                  SalesBasis
	// Complaints received in the period, and how many were first
	// answered within 24 hours.
	ComplaintsReceived, AnsweredIn24h int
	// Complaints whose resolution fell due in the period — received in it
	// or before — and how many were resolved within their SLA (open ones
	// past due count as failures).
	ComplaintsDue, ResolvedInSLA int
	// Contracts drafted (issued for signing) in the period and how many
	// had a blocking finding at any validation: errors caught before
	// signing count.
	ContractsIssued, ContractsBlocked int
	// Contracts signed in the period and how many were found with a
	// blocking finding after they were signed: errors that reached the
	// customer.
	ContractsSigned, ContractsSignedBlocked int
	// ContractBasis says which pair the contract error rate is computed
	// from (default ByDrafts).
	ContractBasis ContractBasis
	// Research reports due in the period and how many were submitted on
	// schedule with a trend analysis.
	ReportsDue, ReportsOnSchedule int
}

// Scope is whom a scorecard is for.
type Scope struct {
	Kind string `json:"kind"` // consultant, team or agency
	ID   string `json:"id"`
}

// Result is one KPI on a scorecard: its value, and whether it met its
// target (Known false: no data).
type Result struct {
	Definition Definition `json:"definition"`
	Value      Ratio      `json:"value"`
	Met        bool       `json:"met"`
	Known      bool       `json:"known"`
}

// Card is a scope's scorecard for a period.
type Card struct {
	Scope    Scope         `json:"scope"`
	Period   Period        `json:"period"`
	Basis    SalesBasis    `json:"basis"`
	NetSales pricing.Money `json:"net_sales"`
	Bookings int           `json:"bookings"`
	Results  []Result      `json:"results"`
}

// Score evaluates every definition on the figures; a definition with an
// ID the figures do not give is left out. A growth between amounts of two
// currencies is an error.
func Score(scope Scope, p Period, f Figures, defs []Definition) (Card, error) {
	c := Card{Scope: scope, Period: p, Basis: f.Basis, NetSales: f.NetSales, Bookings: f.Bookings}
	for _, d := range defs {
		var v Ratio
		switch d.ID {
		case CSAT:
			v = Share(f.Satisfied, f.Responses)
		case SalesGrowth:
			var err error
			if v, err = Growth(f.NetSales, f.PrevNetSales); err != nil {
				return Card{}, err
			}
		case ComplaintsIn24h:
			v = Share(f.AnsweredIn24h, f.ComplaintsReceived)
		case ComplaintResolved:
			v = Share(f.ResolvedInSLA, f.ComplaintsDue)
		case ContractErrors:
			v = Share(f.ContractsBlocked, f.ContractsIssued)
			if f.ContractBasis == BySigned {
				v = Share(f.ContractsSignedBlocked, f.ContractsSigned)
			}
		case ReportsOnTime:
			v = Share(f.ReportsOnSchedule, f.ReportsDue)
		default:
			continue
		}
		met, known := d.Met(v)
		c.Results = append(c.Results, Result{Definition: d, Value: v, Met: met, Known: known})
	}
	return c, nil
}

// Result returns the card's result for a KPI.
func (c *Card) Result(id string) (Result, bool) {
	for _, r := range c.Results {
		if r.Definition.ID == id {
			return r, true
		}
	}
	return Result{}, false
}

// RenderText writes scorecards — a scope's trend over periods, oldest
// first — as a table in lang: one row per KPI, one column per period,
// each value marked met (✓), missed (✗) or no data (—).
func RenderText(out io.Writer, cards []Card, lang language.Tag) error {
	cards = human.Flat(cards) // no text a person gave makes lines of its own
	if len(cards) == 0 {
		return nil
	}
	p := i18n.For(lang)
	f := pricing.NewFormatter(lang)
	b := bufio.NewWriter(out)
	fmt.Fprintf(b, "%s · %s %s\n", p.T("kpi.scorecard"), p.Or("kpi.scope."+cards[0].Scope.Kind, cards[0].Scope.Kind), cards[0].Scope.ID)
	// Every cell first, then each column as wide as its widest cell.
	rows := [][]string{{""}}
	for _, c := range cards {
		rows[0] = append(rows[0], c.Period.Label)
	}
	for i, r := range cards[0].Results {
		row := []string{r.Definition.Label(lang) + " " + string(r.Definition.Comparison) + " " + r.Definition.Target.String() + "%"}
		for _, c := range cards {
			cell := "—"
			if i < len(c.Results) {
				v := c.Results[i]
				switch {
				case !v.Known:
					cell = p.T("kpi.no_data")
				case v.Met:
					cell = "✓ " + v.Value.String()
				default:
					cell = "✗ " + v.Value.String()
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	sales := []string{p.T("kpi.net_sales")}
	for _, c := range cards {
		v := "—"
		if c.NetSales.IsValid() {
			v = f.Format(c.NetSales)
		}
		sales = append(sales, v)
	}
	rows = append(rows, sales)
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], human.Width(cell))
		}
	}
	for _, row := range rows {
		var line strings.Builder
		for i, cell := range row {
			if i > 0 {
				line.WriteString("  ")
			}
			line.WriteString(cell + strings.Repeat(" ", widths[i]-human.Width(cell)))
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	return b.Flush()
}
