package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/supplier"
)

type ledger struct{ s *Store }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (r ledger) Create(ctx context.Context, tenant storage.TenantID, spec supplier.AllotmentSpec) error {
	if err := storage.CheckText(spec); err != nil {
		return err
	}
	if err := spec.Validate(); err != nil {
		return err
	}
	body, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	return r.s.atomic(ctx, func(s *Store) error {
		releaseDays := spec.Release.Days + (spec.Release.Hours+23)/24
		inserted, err := s.insert(ctx, `INSERT INTO {allotments} (tenant, id, supplier_id, kind, release_days, spec) VALUES (?, ?, ?, ?, ?, ?)
			{nodup}`, tenant, spec.ID, spec.SupplierID, string(spec.Kind), releaseDays, string(body))
		if err != nil {
			return err
		}
		if !inserted {
			return fmt.Errorf("%w: allotment %s already exists", storage.ErrConflict, spec.ID)
		}
		guaranteed := boolInt(spec.Kind == supplier.Guaranteed)
		for d := spec.From; d <= spec.To; d++ {
			if _, err := s.exec(ctx, `INSERT INTO {allotment_nights} (tenant, allotment_id, night, allocated, overbook_limit, guaranteed)
				VALUES (?, ?, ?, ?, ?, ?)`, tenant, spec.ID, int64(d), spec.Units, spec.OverbookLimit, guaranteed); err != nil {
				return err
			}
		}
		return nil
	})
}

func (r ledger) Get(ctx context.Context, tenant storage.TenantID, id string) (supplier.AllotmentSpec, error) {
	var spec supplier.AllotmentSpec
	err := r.s.scanDoc(r.s.queryRow(ctx, `SELECT spec FROM {allotments} WHERE tenant = ? AND id = ?`, tenant, id), "allotment", id, &spec)
	return spec, err
}

func (r ledger) List(ctx context.Context, tenant storage.TenantID, supplierID string, p storage.PageRequest) (storage.Page[supplier.AllotmentSpec], error) {
	q := `SELECT id, spec FROM {allotments} WHERE tenant = ?`
	args := []any{tenant}
	if supplierID != "" {
		q += ` AND supplier_id = ?`
		args = append(args, supplierID)
	}
	return pageQuery(ctx, r.s, p, []storage.ColumnType{storage.Text}, q+` ORDER BY id LIMIT ?`, q+` AND id > ? ORDER BY id LIMIT ?`, args,
		func(sc scanner) (supplier.AllotmentSpec, []any, error) {
			var id string
			var spec supplier.AllotmentSpec
			err := r.s.scanDoc(sc, "allotment", "of the listing", &spec, &id)
			return spec, []any{id}, err
		})
}

func (r ledger) Holds(ctx context.Context, tenant storage.TenantID, allotmentID string, p storage.PageRequest) (storage.Page[supplier.Hold], error) {
	q := `SELECT ` + holdCols + ` FROM {holds} WHERE tenant = ? AND allotment_id = ?`
	return pageQuery(ctx, r.s, p, []storage.ColumnType{storage.Text}, q+` ORDER BY id LIMIT ?`, q+` AND id > ? ORDER BY id LIMIT ?`,
		[]any{tenant, allotmentID}, func(sc scanner) (supplier.Hold, []any, error) {
			h, err := scanHold(sc)
			return h, []any{h.ID}, err
		})
}

func (r ledger) Nights(ctx context.Context, tenant storage.TenantID, id string, from, to date.Date) ([]supplier.Night, error) {
	if to < from || int(to-from) > supplier.MaxAllotmentNights {
		return nil, fmt.Errorf("%w: nights %s to %s", storage.ErrInvalid, from, to)
	}
	// One row carrying every night's counters: a year of nights costs one
	// row to fetch, not 365 (the driver's cost is per row).
	var kind, packed string
	q := r.s.build("nights", func(d Dialect) string {
		cols := []string{"n.night", "n.allocated", "n.held", "n.booked", "n.released", "n.overbook_limit", "n.stop_sale", "COALESCE(n.stop_sold_on, 0)", "n.stop_cap"}
		parts := make([]string, 0, 2*len(cols))
		for i, c := range cols {
			if i > 0 {
				parts = append(parts, "','")
			}
			parts = append(parts, d.Text(c))
		}
		return `SELECT a.kind, COALESCE(` + d.Aggregate(d.Concat(parts...), "';'", "n.night") + `, '')
		FROM {allotments} a LEFT JOIN {allotment_nights} n ON n.tenant = a.tenant AND n.allotment_id = a.id AND n.night >= ? AND n.night <= ?
		WHERE a.tenant = ? AND a.id = ? GROUP BY a.kind`
	})
	err := r.s.queryRow(ctx, q, int64(from), int64(to), tenant, id).Scan(&kind, &packed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, r.s.translate(err)
	}
	return unpackNights(id, supplier.InventoryKind(kind), packed)
}

// unpackNights reads "night,allocated,held,booked,released,overbook,stop,stop-sold-on,stop-cap;…".
func unpackNights(id string, kind supplier.InventoryKind, packed string) ([]supplier.Night, error) {
	if packed == "" {
		return nil, nil
	}
	out := make([]supplier.Night, 0, strings.Count(packed, ";")+1)
	var f [9]int64
	for rec := range strings.SplitSeq(packed, ";") {
		i := 0
		for field := range strings.SplitSeq(rec, ",") {
			if i == len(f) {
				return nil, fmt.Errorf("sqlstore: stored nights of %s: %q", id, rec)
			}
			v, err := strconv.ParseInt(field, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("sqlstore: stored nights of %s: %w", id, err)
			}
			f[i] = v
			i++
		}
		if i != len(f) {
			return nil, fmt.Errorf("sqlstore: stored nights of %s: %q", id, rec)
		}
		out = append(out, supplier.Night{AllotmentID: id, Night: date.Date(f[0]), Allocated: int(f[1]), Held: int(f[2]), Booked: int(f[3]),
			Released: int(f[4]), OverbookLimit: int(f[5]), StopSale: f[6] == 1, StopSoldOn: date.Date(f[7]), StopSaleCap: int(f[8]), Kind: kind})
	}
	return out, nil
}

const holdCols = `id, allotment_id, from_night, nights, units, expires_at, state, idem_key, on_request, created_at, confirmed_at, version`

func scanHold(sc scanner, extra ...any) (supplier.Hold, error) {
	var h supplier.Hold
	var from, expires, created int64
	var confirmed sql.NullInt64
	var state string
	var onRequest int
	err := sc.Scan(append([]any{&h.ID, &h.AllotmentID, &from, &h.Nights, &h.Units, &expires, &state, &h.IdempotencyKey, &onRequest, &created, &confirmed, &h.Version}, extra...)...)
	h.OnRequest = onRequest == 1
	h.From, h.ExpiresAt, h.State, h.CreatedAt = date.Date(from), fromNanos(expires), supplier.HoldState(state), fromNanos(created)
	if confirmed.Valid {
		t := fromNanos(confirmed.Int64)
		h.ConfirmedAt = &t
	}
	return h, err
}

// sameRequest reports whether two holds ask for the same units.
func sameRequest(a, b supplier.Hold) bool {
	return a.AllotmentID == b.AllotmentID && a.From == b.From && a.Nights == b.Nights && a.Units == b.Units && a.OnRequest == b.OnRequest
}

// claim inserts a new hold row, which claims its idempotency key. When the
// key is taken — by a committed hold, or by a concurrent one the database
// makes this insert wait for — it returns the hold that has it (replay is
// true), or ErrConflict when that hold asked for something else.
func (s *Store) claim(ctx context.Context, tenant storage.TenantID, h supplier.Hold) (supplier.Hold, bool, error) {
	inserted, err := s.insert(ctx, `INSERT INTO {holds} (tenant, `+holdCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) {nodup}`,
		tenant, h.ID, h.AllotmentID, int64(h.From), h.Nights, h.Units, nanos(h.ExpiresAt), string(h.State), h.IdempotencyKey,
		boolInt(h.OnRequest), nanos(h.CreatedAt), h.Version)
	if err != nil {
		return supplier.Hold{}, false, err
	}
	if inserted {
		return h, false, nil
	}
	if h.IdempotencyKey != "" {
		prev, err := scanHold(s.queryRow(ctx, `SELECT `+holdCols+` FROM {holds} WHERE tenant = ? AND idem_key = ?`, tenant, h.IdempotencyKey))
		switch {
		case err == nil && sameRequest(prev, h):
			return prev, true, nil
		case err == nil:
			return supplier.Hold{}, false, fmt.Errorf("%w: idempotency key %q was used for another request (hold %s)", storage.ErrConflict,
				h.IdempotencyKey, prev.ID)
		case !errors.Is(err, sql.ErrNoRows):
			return supplier.Hold{}, false, s.translate(err)
		}
	}
	return supplier.Hold{}, false, fmt.Errorf("%w: hold %s already exists", storage.ErrConflict, h.ID)
}

func (r ledger) Hold(ctx context.Context, tenant storage.TenantID, h supplier.Hold) (supplier.Hold, error) {
	if err := storage.CheckText(h); err != nil {
		return supplier.Hold{}, err
	}
	if err := h.Validate(); err != nil {
		return supplier.Hold{}, err
	}
	h.State, h.Version, h.OnRequest = supplier.HoldActive, 1, false
	var out supplier.Hold
	// Isolated: a night that cannot give the units undoes the claim and
	// every night taken before it, even inside the caller's unit of work.
	err := r.s.isolated(ctx, func(s *Store) error {
		first, replay, err := s.claim(ctx, tenant, h)
		if err != nil || replay {
			out = first
			return err
		}
		// One conditional update per night, in date order (one lock order
		// for every writer): zero rows means the night cannot give the units.
		for i := 0; i < h.Nights; i++ {
			d := h.From + date.Date(i)
			res, err := s.exec(ctx, `UPDATE {allotment_nights} SET held = held + ?
				WHERE tenant = ? AND allotment_id = ? AND night = ? AND (stop_sale = 0 OR guaranteed = 1 OR stop_cap - held - booked >= ?)
				AND allocated + overbook_limit - held - booked - released >= ?`, h.Units, tenant, h.AllotmentID, int64(d), h.Units, h.Units)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fmt.Errorf("%w: night %s cannot give %d unit(s)", storage.ErrConflict, d, h.Units)
			}
		}
		out = h
		return nil
	})
	if err != nil {
		return supplier.Hold{}, err
	}
	return out, nil
}

func (r ledger) Request(ctx context.Context, tenant storage.TenantID, h supplier.Hold) (supplier.Hold, error) {
	if err := storage.CheckText(h); err != nil {
		return supplier.Hold{}, err
	}
	if err := h.Validate(); err != nil {
		return supplier.Hold{}, err
	}
	h.State, h.Version, h.OnRequest = supplier.HoldRequested, 1, true
	var out supplier.Hold
	err := r.s.isolated(ctx, func(s *Store) error {
		var n int
		if err := s.queryRow(ctx, `SELECT count(*) FROM {allotments} WHERE tenant = ? AND id = ?`, tenant, h.AllotmentID).Scan(&n); err != nil {
			return s.translate(err)
		}
		if n == 0 {
			return fmt.Errorf("%w: allotment %s", storage.ErrNotFound, h.AllotmentID)
		}
		var err error
		out, _, err = s.claim(ctx, tenant, h)
		return err
	})
	if err != nil {
		return supplier.Hold{}, err
	}
	return out, nil
}

func (r ledger) Answer(ctx context.Context, tenant storage.TenantID, id string, accept bool, now time.Time) (supplier.Hold, error) {
	return r.change(ctx, tenant, id, func(s *Store, h *supplier.Hold) error { return h.Answer(accept, now) })
}

func (r ledger) GetHold(ctx context.Context, tenant storage.TenantID, id string) (supplier.Hold, error) {
	h, err := scanHold(r.s.queryRow(ctx, `SELECT `+holdCols+` FROM {holds} WHERE tenant = ? AND id = ?`, tenant, id))
	if errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("%w: hold %s", storage.ErrNotFound, id)
	}
	return h, r.s.translate(err)
}

// move shifts a hold's units between counters on its nights: set is a
// constant SET clause whose placeholders all take the hold's units.
func (s *Store) move(ctx context.Context, tenant storage.TenantID, h supplier.Hold, set string) error {
	var args []any
	for range strings.Count(set, "?") {
		args = append(args, h.Units)
	}
	args = append(args, tenant, h.AllotmentID, int64(h.From), int64(h.From)+int64(h.Nights))
	_, err := s.exec(ctx, `UPDATE {allotment_nights} SET `+set+` WHERE tenant = ? AND allotment_id = ? AND night >= ? AND night < ?`, args...)
	return err
}

// change moves a hold from one state to another, guarded by its state.
func (r ledger) change(ctx context.Context, tenant storage.TenantID, id string, fn func(s *Store, h *supplier.Hold) error) (supplier.Hold, error) {
	var out supplier.Hold
	err := r.s.atomic(ctx, func(s *Store) error {
		h, err := scanHold(s.queryRow(ctx, `SELECT `+holdCols+` FROM {holds} WHERE tenant = ? AND id = ? {lockrow}`, tenant, id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: hold %s", storage.ErrNotFound, id)
		}
		if err != nil {
			return s.translate(err)
		}
		from := h.State
		if err := fn(s, &h); err != nil {
			return err
		}
		res, err := s.exec(ctx, `UPDATE {holds} SET state = ?, confirmed_at = ?, version = version + 1 WHERE tenant = ? AND id = ? AND state = ?`,
			string(h.State), nullNanos(h.ConfirmedAt), tenant, id, string(from))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("%w: hold %s changed meanwhile", storage.ErrConflict, id)
		}
		h.Version++
		out = h
		return nil
	})
	return out, err
}

func (r ledger) Confirm(ctx context.Context, tenant storage.TenantID, id string, now time.Time) (supplier.Hold, error) {
	return r.change(ctx, tenant, id, func(s *Store, h *supplier.Hold) error {
		if h.State != supplier.HoldActive || !now.Before(h.ExpiresAt) {
			return fmt.Errorf("%w: hold %s is %s (expires %s)", storage.ErrInvalidTransition, id, h.State, h.ExpiresAt.Format(time.RFC3339))
		}
		h.State = supplier.HoldConfirmed
		at := now
		h.ConfirmedAt = &at
		return s.move(ctx, tenant, *h, `held = held - ?, booked = booked + ?`)
	})
}

func (r ledger) Cancel(ctx context.Context, tenant storage.TenantID, id string) (supplier.Hold, error) {
	return r.change(ctx, tenant, id, func(s *Store, h *supplier.Hold) error {
		var set string
		switch {
		case h.OnRequest && (h.State == supplier.HoldRequested || h.State == supplier.HoldConfirmed):
			// a request never took from the counters
		case h.State == supplier.HoldActive:
			set = `held = held - ?`
		case h.State == supplier.HoldConfirmed:
			set = `booked = booked - ?`
		default:
			return fmt.Errorf("%w: hold %s is %s", storage.ErrInvalidTransition, id, h.State)
		}
		h.State = supplier.HoldCancelled
		if set == "" {
			return nil
		}
		return s.move(ctx, tenant, *h, set)
	})
}

func (r ledger) ExpireDue(ctx context.Context, now time.Time, limit int) ([]storage.TenantHold, error) {
	var out []storage.TenantHold
	err := r.s.atomic(ctx, func(s *Store) error {
		rows, err := s.query(ctx, `SELECT tenant, `+holdCols+` FROM {holds} WHERE state = 'active' AND expires_at <= ?
			ORDER BY expires_at, tenant, id LIMIT ? {skiplocked}`, nanos(now), limit)
		if err != nil {
			return err
		}
		var due []storage.TenantHold
		for rows.Next() {
			var th storage.TenantHold
			var tenant string
			h, err := scanHoldTenant(rows, &tenant)
			if err != nil {
				rows.Close()
				return s.translate(err)
			}
			th.Tenant, th.Hold = storage.TenantID(tenant), h
			due = append(due, th)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return s.translate(err)
		}
		// Nights are locked in one order — tenant, allotment, night — in
		// every transaction that changes them, so that sweeps running at
		// once (and holds being taken) never wait on each other in a cycle.
		slices.SortFunc(due, func(a, b storage.TenantHold) int {
			return cmp.Or(strings.Compare(string(a.Tenant), string(b.Tenant)), strings.Compare(a.Hold.AllotmentID, b.Hold.AllotmentID),
				cmp.Compare(a.Hold.From, b.Hold.From), strings.Compare(a.Hold.ID, b.Hold.ID))
		})
		for _, th := range due {
			res, err := s.exec(ctx, `UPDATE {holds} SET state = 'expired', version = version + 1 WHERE tenant = ? AND id = ? AND state = 'active'`,
				th.Tenant, th.Hold.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				continue // another sweep took it
			}
			if err := s.move(ctx, th.Tenant, th.Hold, `held = held - ?`); err != nil {
				return err
			}
			th.Hold.State = supplier.HoldExpired
			th.Hold.Version++
			out = append(out, th)
		}
		return nil
	})
	return out, err
}

// scanHoldTenant scans a row of tenant followed by holdCols.
func scanHoldTenant(sc scanner, tenant *string) (supplier.Hold, error) {
	return scanHold(prefixScanner{sc, tenant})
}

// prefixScanner puts the first column into first and the rest through.
type prefixScanner struct {
	sc    scanner
	first any
}

func (p prefixScanner) Scan(dest ...any) error { return p.sc.Scan(append([]any{p.first}, dest...)...) }

func (r ledger) Release(ctx context.Context, tenant storage.TenantID, id string, night date.Date) (int, error) {
	released := 0
	err := r.s.atomic(ctx, func(s *Store) error {
		var free, guaranteed int
		err := s.queryRow(ctx, `SELECT allocated - held - booked - released, guaranteed FROM {allotment_nights}
			WHERE tenant = ? AND allotment_id = ? AND night = ? {lockrow}`, tenant, id, int64(night)).Scan(&free, &guaranteed)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: allotment %s has no night %s", storage.ErrNotFound, id, night)
		}
		if err != nil {
			return s.translate(err)
		}
		if guaranteed == 1 || free <= 0 {
			return nil
		}
		res, err := s.exec(ctx, `UPDATE {allotment_nights} SET released = released + ?
			WHERE tenant = ? AND allotment_id = ? AND night = ? AND allocated - held - booked - released >= ?`, free, tenant, id, int64(night), free)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			released = free
		}
		return nil
	})
	return released, err
}

func (r ledger) SetStopSale(ctx context.Context, tenant storage.TenantID, id string, from, to date.Date, stop bool, keep int, on date.Date) error {
	if to < from || int(to-from) > supplier.MaxAllotmentNights {
		return fmt.Errorf("%w: nights %s to %s", storage.ErrInvalid, from, to)
	}
	if keep < 0 || keep > supplier.MaxUnits {
		return fmt.Errorf("%w: a stop sale keeps 0 to %d units sellable", storage.ErrInvalid, supplier.MaxUnits)
	}
	var first sql.NullInt64
	if stop {
		first = sql.NullInt64{Int64: int64(on), Valid: true}
	}
	_, err := r.s.exec(ctx, `UPDATE {allotment_nights} SET stop_sale = ?, stop_sold_on = COALESCE(stop_sold_on, ?),
		stop_cap = CASE WHEN ? = 1 THEN held + booked + ? ELSE 0 END
		WHERE tenant = ? AND allotment_id = ? AND night >= ? AND night <= ?`, boolInt(stop), first, boolInt(stop), keep, tenant, id,
		int64(from), int64(to))
	return err
}

// sellableSQL is a night's sellable units (supplier.Night.Sellable) in
// SQL: what the allocation and overbooking leave, within what a stop sale
// keeps unless the units are guaranteed, and never below zero.
const sellableSQL = `(CASE WHEN stop_sale = 1 AND guaranteed = 0 AND stop_cap - held - booked < allocated + overbook_limit - held - booked - released
	THEN (CASE WHEN stop_cap - held - booked < 0 THEN 0 ELSE stop_cap - held - booked END)
	ELSE (CASE WHEN allocated + overbook_limit - held - booked - released < 0 THEN 0 ELSE allocated + overbook_limit - held - booked - released END) END)`

// Sellable packs each night into one integer — its offset in the range,
// its free units and its stop-sale flag — and the nights of the range into
// one row: the cheapest read SQL can do. Each value carries its own night,
// so the aggregate needs no ORDER BY (which would sort).
func (r ledger) Sellable(ctx context.Context, tenant storage.TenantID, id string, from, to date.Date) ([]supplier.Sellable, error) {
	if to < from || int(to-from) > supplier.MaxAllotmentNights {
		return nil, fmt.Errorf("%w: nights %s to %s", storage.ErrInvalid, from, to)
	}
	var packed string
	q := r.s.build("sellable", func(d Dialect) string {
		return `SELECT COALESCE(` + d.Aggregate(d.Text(`(((night - ?) * 2147483648 + `+sellableSQL+`) * 2 + stop_sale)`), "','", "") +
			`, '') FROM {allotment_nights} WHERE tenant = ? AND allotment_id = ? AND night >= ? AND night <= ?`
	})
	err := r.s.queryRow(ctx, q,
		int64(from), tenant, id, int64(from), int64(to)).Scan(&packed)
	if err != nil {
		return nil, r.s.translate(err)
	}
	if packed == "" {
		return []supplier.Sellable{}, nil
	}
	out := make([]supplier.Sellable, 0, strings.Count(packed, ",")+1)
	for field := range strings.SplitSeq(packed, ",") {
		v, err := strconv.ParseInt(field, 10, 64)
		if err != nil || v < 0 {
			return nil, fmt.Errorf("sqlstore: stored nights of %s: %q", id, field)
		}
		rest := v >> 1
		out = append(out, supplier.Sellable{Night: from + date.Date(rest>>31), Units: int(rest & (1<<31 - 1)), StopSale: v&1 == 1})
	}
	byNight := func(a, b supplier.Sellable) int { return int(a.Night - b.Night) }
	if !slices.IsSortedFunc(out, byNight) {
		slices.SortFunc(out, byNight)
	}
	return out, nil
}
