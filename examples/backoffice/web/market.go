package web

import (
	"bytes"
	"net/http"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/market"
	"github.com/travelkit/travelkit/pricing"
)

// marketReport builds the market report of the last 30 days.
func (s *Server) marketReport(r *http.Request, c who) (market.Report, error) {
	today := date.NewAt(s.now().In(s.cfg.Zone))
	ours, err := pricing.Parse("28500.00", "CNY")
	if err != nil {
		return market.Report{}, err
	}
	return s.cfg.Agency.Market.Build(r.Context(), c.user.Tenant, market.ReportInput{Title: text(c.lang(), "market.title"), From: today - 30, To: today,
		Ours: []market.Ours{{Product: "EU-CLASSIC-10", Destination: "Europe", Departure: date.New(2027, 5, 1), Days: 10, Price: ours, Basis: market.PerPerson}},
		Rule: market.SetRule{WindowDays: 45}, Window: market.ISOWeek, ThresholdPct: decimal.NewFromInt(5), Due: s.now().Add(7 * 24 * time.Hour)})
}

func (s *Server) apiMarketReport(w http.ResponseWriter, r *http.Request, c who) {
	report, err := s.marketReport(r, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, report)
}

// marketPage builds the market report of the last 30 days: the agency's
// Europe classics against the competitors' like-for-like prices, the
// trend by ISO week and the moves of 5 % or more.
func (s *Server) marketPage(w http.ResponseWriter, r *http.Request, c who) {
	report, err := s.marketReport(r, c)
	if err != nil {
		s.failPage(w, r, c, err)
		return
	}
	var buf bytes.Buffer
	if err := report.RenderText(&buf, tag(c.lang())); err != nil {
		s.failPage(w, r, c, err)
		return
	}
	s.render(w, r, c, http.StatusOK, "market.html", "market", buf.String(), nil, "")
}
