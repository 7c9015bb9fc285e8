package memory

import (
	"context"
	"slices"
	"strconv"

	"github.com/travelkit/travelkit/agency/storage"
)

type records struct{ s *Store }

// recordKey is where a record is kept: its tenant and key.
func recordKey(tenant storage.TenantID, values []any) string {
	parts := make([]string, 0, 1+len(values))
	parts = append(parts, string(tenant))
	for _, v := range values {
		switch x := v.(type) {
		case string:
			parts = append(parts, "s"+x)
		case int64:
			parts = append(parts, "i"+strconv.FormatInt(x, 10))
		}
	}
	return key(parts...)
}

func topKey(k *storage.Kind, tenant storage.TenantID, id []any) string {
	return k.Name + "/" + recordKey(tenant, id)
}

func copyRecord(r storage.Record) storage.Record {
	r.Key, r.Fields = slices.Clone(r.Key), slices.Clone(r.Fields)
	return r
}

func (tx *Store) record(k *storage.Kind, rk string) (storage.Record, bool) {
	if r, ok := tx.over.records[k.Name][rk]; ok {
		return r, true
	}
	r, ok := tx.base.records[k.Name][rk]
	return r, ok
}

func (tx *Store) setRecord(k *storage.Kind, rk string, r storage.Record) {
	if tx.over.records[k.Name] == nil {
		tx.over.records[k.Name] = map[string]storage.Record{}
	}
	tx.over.records[k.Name][rk] = copyRecord(r)
}

// each calls fn with every record of a kind, the pending layer over the
// base.
func (tx *Store) each(k *storage.Kind, fn func(storage.Record)) {
	for _, r := range tx.over.records[k.Name] {
		fn(r)
	}
	for rk, r := range tx.base.records[k.Name] {
		if _, shadowed := tx.over.records[k.Name][rk]; !shadowed {
			fn(r)
		}
	}
}

func (r records) Get(ctx context.Context, k *storage.Kind, tenant storage.TenantID, key ...any) (storage.Record, error) {
	if err := texts(string(tenant)); err != nil {
		return storage.Record{}, err
	}
	if err := k.CheckKey(key); err != nil {
		return storage.Record{}, err
	}
	var out storage.Record
	err := r.s.do(ctx, func(tx *Store) error {
		rec, ok := tx.record(k, recordKey(tenant, key))
		if !ok {
			return storage.NotFound(k, key...)
		}
		out = copyRecord(rec)
		return nil
	})
	return out, err
}

func (r records) Latest(ctx context.Context, k *storage.Kind, tenant storage.TenantID, id ...any) (storage.Record, error) {
	if err := texts(string(tenant)); err != nil {
		return storage.Record{}, err
	}
	if k.Mode != storage.Chain || len(id) != len(k.Key)-1 {
		return storage.Record{}, storage.NotFound(k, id...)
	}
	var out storage.Record
	err := r.s.do(ctx, func(tx *Store) error {
		top, ok := lookup(tx, func(st *state) map[string]int64 { return st.tops }, topKey(k, tenant, id))
		if !ok {
			return storage.NotFound(k, id...)
		}
		rec, ok := tx.record(k, recordKey(tenant, append(slices.Clone(id), top)))
		if !ok {
			return storage.NotFound(k, id...)
		}
		out = copyRecord(rec)
		return nil
	})
	return out, err
}

func (r records) Put(ctx context.Context, k *storage.Kind, rec storage.Record) (storage.Record, error) {
	if err := k.CheckRecord(rec); err != nil {
		return storage.Record{}, err
	}
	err := r.s.do(ctx, func(tx *Store) error {
		rk := recordKey(rec.Tenant, rec.Key)
		cur, exists := tx.record(k, rk)
		switch k.Mode {
		case storage.Versioned:
			switch {
			case rec.Version == 0 && exists:
				return storage.Conflict(k, rec.Key, "exists already")
			case rec.Version > 0 && !exists:
				return storage.NotFound(k, rec.Key...)
			case rec.Version > 0 && cur.Version != rec.Version:
				return storage.Conflict(k, rec.Key, "is at version "+strconv.Itoa(cur.Version)+", not "+strconv.Itoa(rec.Version))
			}
			rec.Version++
		case storage.Chain:
			tk := topKey(k, rec.Tenant, k.ChainID(rec.Key))
			top, _ := lookup(tx, func(st *state) map[string]int64 { return st.tops }, tk)
			if int64(rec.Version) != top+1 {
				return storage.Conflict(k, k.ChainID(rec.Key), "is at version "+strconv.FormatInt(top, 10)+"; cannot add version "+
					strconv.Itoa(rec.Version))
			}
			tx.over.tops[tk] = int64(rec.Version)
		case storage.Immutable:
			if exists {
				return storage.Conflict(k, rec.Key, "exists already")
			}
			rec.Version = 1
		}
		tx.setRecord(k, rk, rec)
		return nil
	})
	if err != nil {
		return storage.Record{}, err
	}
	return copyRecord(rec), nil
}

func (r records) Touch(ctx context.Context, k *storage.Kind, rec storage.Record) error {
	if err := k.CheckRecord(rec); err != nil {
		return err
	}
	return r.s.do(ctx, func(tx *Store) error {
		rk := recordKey(rec.Tenant, rec.Key)
		cur, ok := tx.record(k, rk)
		if !ok {
			return storage.NotFound(k, rec.Key...)
		}
		if k.Mode != storage.Versioned || cur.Version != rec.Version {
			return storage.Conflict(k, rec.Key, "has changed since it was read")
		}
		cur = copyRecord(cur)
		for _, f := range k.Touch {
			i := k.FieldIndex(f)
			cur.Fields[i] = rec.Fields[i]
		}
		tx.setRecord(k, rk, cur)
		return nil
	})
}

// value is a column's value in a record.
func value(k *storage.Kind, r storage.Record, c storage.Column) any {
	if i := slices.IndexFunc(k.Key, func(kc storage.Column) bool { return kc.Name == c.Name }); i >= 0 {
		return r.Key[i]
	}
	return k.Field(r, c.Name)
}

func (r records) List(ctx context.Context, k *storage.Kind, tenant storage.TenantID, q storage.Query) (storage.Page[storage.Record], error) {
	if err := texts(string(tenant)); err != nil {
		return storage.Page[storage.Record]{}, err
	}
	plan, err := k.Plan(q)
	if err != nil {
		return storage.Page[storage.Record]{}, err
	}
	var all []storage.Record
	err = r.s.do(ctx, func(tx *Store) error {
		tx.each(k, func(rec storage.Record) {
			if rec.Tenant != tenant {
				return
			}
			for i, c := range plan.Equal {
				if storage.CompareValues(value(k, rec, c), q.Equal[i]) != 0 {
					return
				}
			}
			for i, c := range plan.Where {
				if storage.CompareValues(value(k, rec, c), q.Where[i].Value) != 0 {
					return
				}
			}
			for _, c := range plan.NotNull {
				if value(k, rec, c) == nil {
					return
				}
			}
			if plan.Range != nil {
				v := value(k, rec, *plan.Range)
				if (q.From != nil && storage.CompareValues(v, q.From) < 0) || (q.To != nil && storage.CompareValues(v, q.To) >= 0) {
					return
				}
			}
			all = append(all, copyRecord(rec))
		})
		return nil
	})
	if err != nil {
		return storage.Page[storage.Record]{}, err
	}
	return storage.Paginate(all, plan.OrderTypes(), func(rec storage.Record) []any {
		pos := make([]any, len(plan.Order))
		for i, c := range plan.Order {
			pos[i] = value(k, rec, c)
		}
		return pos
	}, q.Page)
}

func (r records) Due(ctx context.Context, k *storage.Kind, upTo int64, limit int) ([]storage.Record, error) {
	i := k.FieldIndex(k.Due)
	if i < 0 {
		return nil, storage.NotFound(k)
	}
	var due []storage.Record
	err := r.s.do(ctx, func(tx *Store) error {
		tx.each(k, func(rec storage.Record) {
			if at, ok := rec.Fields[i].(int64); ok && at <= upTo {
				due = append(due, copyRecord(rec))
			}
		})
		return nil
	})
	pos := func(rec storage.Record) []any { return append([]any{rec.Fields[i], string(rec.Tenant)}, rec.Key...) }
	slices.SortFunc(due, func(a, b storage.Record) int { return storage.ComparePositions(pos(a), pos(b)) })
	if limit > 0 && len(due) > limit {
		due = due[:limit]
	}
	return due, err
}
