package agency

import (
	"context"

	"github.com/travelkit/travelkit/agency/events"
	"github.com/travelkit/travelkit/agency/storage"
	"github.com/travelkit/travelkit/inquiry"
	"github.com/travelkit/travelkit/internal/problem"
)

// Catalogue keeps the packaged products the agency recommends: itinerary
// templates with departures, a price from, tags, party and age limits.
type Catalogue struct{ c *core }

// ProductChange replaces a product at Version.
type ProductChange struct {
	Version int             `json:"version"`
	Product inquiry.Product `json:"product"`
}

// CatalogueQuery lists the catalogue by product ID.
type CatalogueQuery struct {
	Page PageRequest `json:"page"`
}

// Create adds a validated product to the catalogue and records
// product.saved; adding it again unchanged returns it.
func (s Catalogue) Create(ctx context.Context, tenant TenantID, p inquiry.Product) (ProductRecord, error) {
	if err := p.Validate(); err != nil {
		return ProductRecord{}, err
	}
	var out ProductRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		rec, created, err := create(u, storage.Products(), []any{p.ID}, ProductRecord{Tenant: tenant, Product: p, UpdatedAt: u.now},
			func(st ProductRecord) bool { return sameJSON(st.Product, p) })
		out = rec
		if err != nil || !created {
			return err
		}
		return u.internal(p.ID, events.ProductSaved{ProductID: p.ID, Version: rec.Version})
	})
	return out, err
}

// Update replaces a product at the version it was read at.
func (s Catalogue) Update(ctx context.Context, tenant TenantID, ch ProductChange) (ProductRecord, error) {
	if ch.Version < 1 {
		return ProductRecord{}, problem.One(ErrInvalid, "version", "required", "name the version changed")
	}
	if err := ch.Product.Validate(); err != nil {
		return ProductRecord{}, err
	}
	var out ProductRecord
	err := s.c.change(ctx, tenant, func(u *unit) error {
		var err error
		if out, err = storage.Products().Put(u.ctx, u.tx, tenant, ProductRecord{Tenant: tenant, Product: ch.Product, Version: ch.Version,
			UpdatedAt: u.now}); err != nil {
			return err
		}
		return u.internal(ch.Product.ID, events.ProductSaved{ProductID: ch.Product.ID, Version: out.Version})
	})
	return out, err
}

// Get returns a product.
func (s Catalogue) Get(ctx context.Context, tenant TenantID, id string) (ProductRecord, error) {
	return read(s.c, ctx, tenant, storage.Products(), id)
}

// List returns one page of the catalogue by product ID.
func (s Catalogue) List(ctx context.Context, tenant TenantID, q CatalogueQuery) (Page[ProductRecord], error) {
	return list(s.c, ctx, tenant, storage.Products(), storage.Query{Page: q.Page})
}
