package memory

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/kpi"
	"github.com/travelkit/travelkit/pricing"
	"github.com/travelkit/travelkit/supplier"
)

// figures aggregates in Go, over the records' fields, what the SQL store
// aggregates in its queries over the same columns, by the same rules.
type figures struct{ s *Store }

func between(n, from, to int64) bool { return n >= from && n < to }

func (r figures) KPI(ctx context.Context, tenant storage.TenantID, q storage.FiguresQuery) (kpi.Figures, error) {
	if err := texts(append([]string{string(tenant)}, q.Consultants...)...); err != nil {
		return kpi.Figures{}, err
	}
	in := func(c string) bool { return len(q.Consultants) == 0 || slices.Contains(q.Consultants, c) }
	from, to, prevFrom := storage.Nanos(q.From), storage.Nanos(q.To), storage.Nanos(q.PrevFrom)
	var f kpi.Figures
	var sales, prev int64
	overflow := false
	err := r.s.do(ctx, func(tx *Store) error {
		sk := storage.Surveys().Kind()
		tx.each(sk, func(rec storage.Record) {
			if rec.Tenant == tenant && in(str(sk, rec, "consultant")) && between(i64(sk, rec, "responded_at"), from, to) && i64(sk, rec, "csat") > 0 {
				f.Responses++
				if i64(sk, rec, "csat") >= 4 {
					f.Satisfied++
				}
			}
		})
		bk := storage.Bookings().Kind()
		col, lo, mid, hi := "booked_at", prevFrom, from, to
		if q.Basis == kpi.ByDepartureDate {
			col, lo, mid, hi = "departure", int64(q.PrevFromDay), int64(q.FromDay), int64(q.ToDay)
		}
		tx.each(bk, func(rec storage.Record) {
			if rec.Tenant != tenant || !in(str(bk, rec, "consultant")) || str(bk, rec, "currency") != q.Currency.Code() {
				return
			}
			at, n := i64(bk, rec, col), i64(bk, rec, "sold_minor")
			switch {
			case between(at, mid, hi):
				sales, overflow = addChecked(sales, n, overflow)
				if n > 0 {
					f.Bookings++
				}
			case between(at, lo, mid):
				prev, overflow = addChecked(prev, n, overflow)
			}
		})
		ck := storage.Complaints().Kind()
		now := storage.Nanos(q.Now)
		tx.each(ck, func(rec storage.Record) {
			if rec.Tenant != tenant || !in(str(ck, rec, "consultant")) {
				return
			}
			received := i64(ck, rec, "received_at")
			if between(received, from, to) {
				f.ComplaintsReceived++
				if first, ok := nullable(ck, rec, "first_response_at"); ok && first-received <= int64(24*time.Hour) {
					f.AnsweredIn24h++
				}
			}
			due, ok := nullable(ck, rec, "resolve_due")
			resolved, done := nullable(ck, rec, "resolved_at")
			if ok && between(due, from, to) && (done || due <= now) {
				f.ComplaintsDue++
				if done && resolved <= due {
					f.ResolvedInSLA++
				}
			}
		})
		tk := storage.TravelContracts().Kind()
		tx.each(tk, func(rec storage.Record) {
			if rec.Tenant != tenant || !in(str(tk, rec, "consultant")) {
				return
			}
			if between(i64(tk, rec, "issued_at"), from, to) {
				f.ContractsIssued++
				f.ContractsBlocked += int(i64(tk, rec, "ever_blocked"))
			}
			if signed, ok := nullable(tk, rec, "signed_at"); ok && between(signed, from, to) {
				f.ContractsSigned++
				f.ContractsSignedBlocked += int(i64(tk, rec, "signed_blocked"))
			}
		})
		rk := storage.Reports().Kind()
		tx.each(rk, func(rec storage.Record) {
			if rec.Tenant == tenant && in(str(rk, rec, "consultant")) && between(i64(rk, rec, "due_at"), from, to) {
				f.ReportsDue++
				f.ReportsOnSchedule += int(i64(rk, rec, "on_schedule"))
			}
		})
		return nil
	})
	if err == nil && overflow {
		return kpi.Figures{}, fmt.Errorf("%w: net sales beyond what is counted in minor units", storage.ErrInvalid)
	}
	f.NetSales, f.PrevNetSales = pricing.FromMinor(sales, q.Currency), pricing.FromMinor(prev, q.Currency)
	return f, err
}

// addChecked adds n to sum, saying so when the sum leaves int64 (as the
// SQL stores' sums would fail).
func addChecked(sum, n int64, overflow bool) (int64, bool) {
	s := sum + n
	if (n > 0 && s < sum) || (n < 0 && s > sum) {
		return sum, true
	}
	return s, overflow
}

func (r figures) SupplierPerformance(ctx context.Context, tenant storage.TenantID, supplierID string, from, to time.Time) (supplier.Performance, error) {
	if err := texts(string(tenant), supplierID); err != nil {
		return supplier.Performance{}, err
	}
	var p supplier.Performance
	first, last := date.NewAt(from), date.NewAt(to.Add(-time.Nanosecond))
	err := r.s.do(ctx, func(tx *Store) error {
		allots := map[string]supplier.AllotmentSpec{}
		for k, a := range merged(tx, pickAllotments) {
			if k == key(string(tenant), a.ID) && a.SupplierID == supplierID {
				allots[a.ID] = a
			}
		}
		for _, th := range merged(tx, pickHolds) {
			h := th.Hold
			if _, ok := allots[h.AllotmentID]; th.Tenant != tenant || !ok {
				continue
			}
			if h.ConfirmedAt != nil && !h.ConfirmedAt.Before(from) && h.ConfirmedAt.Before(to) {
				p.Confirmations = append(p.Confirmations, h.ConfirmedAt.Sub(h.CreatedAt))
			}
			if h.OnRequest && (h.ConfirmedAt != nil || h.State == supplier.HoldDeclined) && !h.CreatedAt.Before(from) && h.CreatedAt.Before(to) {
				p.OnRequestAsked++
				if h.ConfirmedAt != nil {
					p.OnRequestAccepted++
				}
			}
		}
		lk := storage.CostLines().Kind()
		tx.each(lk, func(rec storage.Record) {
			if d := i64(lk, rec, "service_day"); rec.Tenant == tenant && str(lk, rec, "supplier_id") == supplierID &&
				d >= int64(first) && d <= int64(last) {
				p.Bookings++
			}
		})
		ik := storage.Invoices().Kind()
		tx.each(ik, func(rec storage.Record) {
			if d := i64(ik, rec, "issued"); rec.Tenant == tenant && str(ik, rec, "supplier_id") == supplierID && d >= int64(first) && d <= int64(last) {
				p.InvoiceLines += int(i64(ik, rec, "line_count"))
				p.InvoiceLinesExact += int(i64(ik, rec, "lines_exact"))
			}
		})
		for _, spec := range allots {
			if spec.Kind != supplier.Allotment {
				continue
			}
			days := date.Date(spec.Release.Days + (spec.Release.Hours+23)/24)
			for d := spec.From; d <= spec.To; d++ {
				n, ok := lookup(tx, pickNights, nightKey(tenant, spec.ID, d))
				if !ok || d-days < first || d-days > last {
					continue
				}
				p.Releases++
				if n.StopSoldOn == 0 || n.StopSoldOn >= d-days {
					p.ReleasesOnTime++
				}
			}
		}
		ck := storage.Complaints().Kind()
		tx.each(ck, func(rec storage.Record) {
			if rec.Tenant == tenant && str(ck, rec, "charged_back_to") == supplierID &&
				between(i64(ck, rec, "received_at"), storage.Nanos(from), storage.Nanos(to)) {
				p.ChargedBack++
			}
		})
		return nil
	})
	return p, err
}

func (r figures) SurveySummary(ctx context.Context, tenant storage.TenantID, from, to time.Time, consultant, team string) (feedback.SurveySummary, error) {
	if err := texts(string(tenant), consultant, team); err != nil {
		return feedback.SurveySummary{}, err
	}
	var sum feedback.SurveySummary
	k := storage.Surveys().Kind()
	err := r.s.do(ctx, func(tx *Store) error {
		var bad error
		tx.each(k, func(rec storage.Record) {
			if rec.Tenant != tenant || !between(i64(k, rec, "responded_at"), storage.Nanos(from), storage.Nanos(to)) ||
				(consultant != "" && str(k, rec, "consultant") != consultant) || (team != "" && str(k, rec, "team") != team) {
				return
			}
			var v feedback.Survey
			if err := json.Unmarshal([]byte(rec.Body), &v); err != nil {
				bad = err
				return
			}
			sum.Add(v)
		})
		return bad
	})
	return sum, err
}

func (r figures) Conversion(ctx context.Context, tenant storage.TenantID, from, to time.Time) ([]storage.Conversion, error) {
	if err := texts(string(tenant)); err != nil {
		return nil, err
	}
	type group struct{ consultant, channel, source string }
	counts := map[group]*storage.Conversion{}
	k := storage.Inquiries().Kind()
	err := r.s.do(ctx, func(tx *Store) error {
		tx.each(k, func(rec storage.Record) {
			if rec.Tenant != tenant || !between(i64(k, rec, "received_at"), storage.Nanos(from), storage.Nanos(to)) {
				return
			}
			g := group{str(k, rec, "consultant"), str(k, rec, "channel"), str(k, rec, "lead_source")}
			c := counts[g]
			if c == nil {
				c = &storage.Conversion{Consultant: g.consultant, Channel: inquiry.Channel(g.channel), LeadSource: g.source}
				counts[g] = c
			}
			c.Inquiries++
			c.Proposed += int(i64(k, rec, "proposed"))
			c.Won += int(i64(k, rec, "won"))
		})
		return nil
	})
	out := make([]storage.Conversion, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b storage.Conversion) int {
		return cmp.Or(strings.Compare(a.Consultant, b.Consultant), strings.Compare(string(a.Channel), string(b.Channel)),
			strings.Compare(a.LeadSource, b.LeadSource))
	})
	return out, err
}
