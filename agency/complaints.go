package agency

import (
	"context"
	"time"

	"github.com/rickb777/date/v2"

	"github.com/travelkit/travelkit/feedback"
)

// Alerts records which SLA events a complaint has already raised, so that
// each is raised exactly once.
type Alerts uint8

// SLA alerts.
const (
	AlertFirstResponseAtRisk Alerts = 1 << iota
	AlertFirstResponseBreached
	AlertResolutionAtRisk
	AlertResolutionBreached
)

// ComplaintRecord is a stored complaint: the complaint, its version for
// optimistic concurrency, when the SLA sweep must look at it next (nil:
// nothing can change by itself — closed or paused), and the alerts raised.
type ComplaintRecord struct {
	Tenant    TenantID           `json:"tenant"`
	Complaint feedback.Complaint `json:"complaint"`
	Version   int                `json:"version"`
	NextCheck *time.Time         `json:"next_check,omitempty"`
	Alerts    Alerts             `json:"alerts"`
	// DueAt is when the resolution target runs out, as of the last change;
	// nil once it is done. Screens list complaints by it.
	DueAt *time.Time `json:"due_at,omitempty"`
	// FirstResponseAt, ResolveDue and ResolvedAt are the SLA's instants as
	// of the last change, kept once done, for the complaint KPIs: when it
	// was first answered, when its resolution was due and when it was
	// resolved.
	FirstResponseAt *time.Time `json:"first_response_at,omitempty"`
	ResolveDue      *time.Time `json:"resolve_due,omitempty"`
	ResolvedAt      *time.Time `json:"resolved_at,omitempty"`
}

// ComplaintRepo keeps complaints.
type ComplaintRepo interface {
	// Get returns a complaint; ErrNotFound when the tenant has none with id.
	Get(ctx context.Context, tenant TenantID, id string) (ComplaintRecord, error)
	// Save inserts r when r.Version is 0 and updates it when r.Version is
	// the stored version, returning the record with its new version; a stale
	// or duplicate save is ErrConflict.
	Save(ctx context.Context, r ComplaintRecord) (ComplaintRecord, error)
	// Due returns up to limit complaints, of any tenant, whose NextCheck is
	// at or before now, earliest first, by an indexed query. Inside InTx on
	// PostgreSQL the rows are locked and rows locked by another sweep are
	// skipped, so concurrent sweeps share the work.
	Due(ctx context.Context, now time.Time, limit int) ([]ComplaintRecord, error)
	// List returns the tenant's complaints received in [from, to), oldest
	// first.
	List(ctx context.Context, tenant TenantID, from, to time.Time) ([]ComplaintRecord, error)
	// Find returns one page of the tenant's complaints matching f (see
	// ComplaintFilter for the order), by an indexed query.
	Find(ctx context.Context, tenant TenantID, f ComplaintFilter, p PageRequest) (Page[ComplaintRecord], error)
}

// SurveyRepo keeps survey responses.
type SurveyRepo interface {
	// Add stores a response; a duplicate ID is ErrConflict.
	Add(ctx context.Context, tenant TenantID, s feedback.Survey) error
	// List returns the tenant's responses given in [from, to), oldest first.
	List(ctx context.Context, tenant TenantID, from, to time.Time) ([]feedback.Survey, error)
	// Summary aggregates, in the store's query, the tenant's responses given
	// in [from, to) for one consultant and team ("" for any).
	Summary(ctx context.Context, tenant TenantID, from, to time.Time, consultant, team string) (feedback.SurveySummary, error)
}

// FollowUpRepo keeps follow-up visits.
type FollowUpRepo interface {
	// Save inserts or replaces a follow-up by ID.
	Save(ctx context.Context, tenant TenantID, f feedback.FollowUp) error
	// List returns the tenant's follow-ups due in [from, to] (dates), by due
	// date then ID.
	List(ctx context.Context, tenant TenantID, from, to date.Date) ([]feedback.FollowUp, error)
}
