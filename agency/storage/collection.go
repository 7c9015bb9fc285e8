package storage

import (
	"context"
	"fmt"
)

// Collection is the typed face of a Kind: it encodes records of type T for
// Records and decodes them back, so that the agency reads and writes
// Bookings, Complaints and the rest as values while a store keeps only
// Records.
type Collection[T any] struct {
	kind   *Kind
	encode func(TenantID, *T) (Record, error)
	decode func(Record) (T, error)
	// stamp, when set, gives a value just stored what the store decided
	// (tenant, version, instants as read back), so that Put need not
	// decode the record it wrote: for large records written often.
	stamp func(*T, Record)
}

// Kind returns the collection's kind.
func (c Collection[T]) Kind() *Kind { return c.kind }

// Get returns the record with the key; ErrNotFound naming it when the
// tenant has none.
func (c Collection[T]) Get(ctx context.Context, s Store, tenant TenantID, key ...any) (T, error) {
	var zero T
	if err := c.kind.CheckKey(key); err != nil {
		return zero, err
	}
	r, err := s.Records().Get(ctx, c.kind, tenant, key...)
	if err != nil {
		return zero, err
	}
	return c.decode(r)
}

// Latest returns the newest version of a chain.
func (c Collection[T]) Latest(ctx context.Context, s Store, tenant TenantID, id ...any) (T, error) {
	var zero T
	if c.kind.Mode != Chain {
		return zero, fmt.Errorf("%w: %s has no versions", ErrInvalid, c.kind.Noun)
	}
	r, err := s.Records().Latest(ctx, c.kind, tenant, id...)
	if err != nil {
		return zero, err
	}
	return c.decode(r)
}

// Put stores v (text checked first) and returns it as stored, with its
// new version.
func (c Collection[T]) Put(ctx context.Context, s Store, tenant TenantID, v T) (T, error) {
	var zero T
	if err := CheckText(v); err != nil {
		return zero, err
	}
	r, err := c.encode(tenant, &v)
	if err != nil {
		return zero, err
	}
	if err := c.kind.CheckRecord(r); err != nil {
		return zero, err
	}
	r, err = s.Records().Put(ctx, c.kind, r)
	if err != nil {
		return zero, err
	}
	if c.stamp != nil {
		c.stamp(&v, r)
		return v, nil
	}
	return c.decode(r)
}

// Touch stores v's Touch fields, leaving its version as it is.
func (c Collection[T]) Touch(ctx context.Context, s Store, tenant TenantID, v T) error {
	r, err := c.encode(tenant, &v)
	if err != nil {
		return err
	}
	if err := c.kind.CheckRecord(r); err != nil {
		return err
	}
	return s.Records().Touch(ctx, c.kind, r)
}

// List returns one page of the tenant's records.
func (c Collection[T]) List(ctx context.Context, s Store, tenant TenantID, q Query) (Page[T], error) {
	if !TextOK(string(tenant)) {
		return Page[T]{}, invalid("Tenant", "text must be valid UTF-8 without NUL bytes")
	}
	if _, err := c.kind.Plan(q); err != nil {
		return Page[T]{}, err
	}
	p, err := s.Records().List(ctx, c.kind, tenant, q)
	if err != nil {
		return Page[T]{}, err
	}
	out := Page[T]{Items: make([]T, 0, len(p.Items)), Next: p.Next}
	for _, r := range p.Items {
		v, err := c.decode(r)
		if err != nil {
			return Page[T]{}, err
		}
		out.Items = append(out.Items, v)
	}
	return out, nil
}

// All returns every record q selects, page by page (q.Page.After is the
// start): for work that needs the whole set, such as finding duplicates.
// It stops with ErrInvalid beyond max records.
func (c Collection[T]) All(ctx context.Context, s Store, tenant TenantID, q Query, max int) ([]T, error) {
	var out []T
	q.Page.Limit = MaxPageSize
	for {
		p, err := c.List(ctx, s, tenant, q)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if len(out) > max {
			return nil, fmt.Errorf("%w: more than %d %s records; narrow the query", ErrInvalid, max, c.kind.Noun)
		}
		if p.Next == "" {
			return out, nil
		}
		q.Page.After = p.Next
	}
}

// Due returns up to limit records of any tenant whose Due field is at most
// upTo.
func (c Collection[T]) Due(ctx context.Context, s Store, upTo int64, limit int) ([]T, error) {
	if c.kind.Due == "" {
		return nil, fmt.Errorf("%w: %s has no due field", ErrInvalid, c.kind.Noun)
	}
	rs, err := s.Records().Due(ctx, c.kind, upTo, limit)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(rs))
	for _, r := range rs {
		v, err := c.decode(r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// notFound is the ErrNotFound of a key.
func notFound(k *Kind, key []any) error {
	return fmt.Errorf("%w: %s %s", ErrNotFound, k.Noun, KeyString(key))
}

// NotFound returns the ErrNotFound a store reports for a key of k.
func NotFound(k *Kind, key ...any) error { return notFound(k, key) }

// Conflict returns the ErrConflict a store reports for a key of k.
func Conflict(k *Kind, key []any, why string) error {
	return fmt.Errorf("%w: %s %s %s", ErrConflict, k.Noun, KeyString(key), why)
}
