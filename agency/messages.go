package agency

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/travelkit/travelkit/feedback"
	"github.com/travelkit/travelkit/internal/human"
	"github.com/travelkit/travelkit/pricing"
)

// Notification is an event rendered for a person, in their language.
type Notification struct {
	EventID   string          `json:"event_id"` // the idempotency key
	Tenant    TenantID        `json:"tenant"`
	Type      string          `json:"type"`
	Language  Language        `json:"language"`
	Recipient string          `json:"recipient,omitempty"` // e-mail address, when known
	Subject   string          `json:"subject"`
	Body      string          `json:"body"`
	Payload   json.RawMessage `json:"payload"`
}

// Notifier delivers notifications. An error means "try again later": the
// dispatcher retries with backoff. Receivers deduplicate on EventID.
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// eventPayload is what events carry: enough to render the message without
// reading the store again.
type eventPayload struct {
	CustomerID   string        `json:"customer_id,omitempty"`
	CustomerName string        `json:"customer_name,omitempty"`
	Email        string        `json:"email,omitempty"`
	TripID       string        `json:"trip_id,omitempty"`
	TripTitle    string        `json:"trip_title,omitempty"`
	QuoteID      string        `json:"quote_id,omitempty"`
	Version      int           `json:"version,omitempty"`
	Total        pricing.Money `json:"total,omitzero"`
	ValidUntil   string        `json:"valid_until,omitempty"`
	ComplaintID  string        `json:"complaint_id,omitempty"`
	Summary      string        `json:"summary,omitempty"`
	Target       string        `json:"target,omitempty"` // first_response or resolution
	Due          string        `json:"due,omitempty"`
	// Zone and Place say where instants are read: the agency's zone and a
	// place people know it by.
	Zone  string `json:"zone,omitempty"`
	Place string `json:"place,omitempty"`
}

// local renders an RFC 3339 instant of the payload as people read it:
// local date and time with place and UTC offset.
func (p eventPayload) local(rfc3339 string, zh bool) string {
	t, err := time.Parse(time.RFC3339Nano, rfc3339)
	if err != nil {
		return rfc3339
	}
	var loc *time.Location
	if p.Zone != "" {
		if l, err := time.LoadLocation(p.Zone); err == nil {
			loc = l
		}
	}
	return human.Instant(t, loc, p.Place, zh)
}

// Render turns an event into its notification in the event's language
// (zh-CN or English).
func Render(e Event) (Notification, error) {
	if isSupplierEvent(e.Type) {
		return renderSupplierEvent(e)
	}
	var p eventPayload
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return Notification{}, fmt.Errorf("%w: event %s payload: %v", ErrInvalid, e.ID, err)
	}
	n := Notification{EventID: e.ID, Tenant: e.Tenant, Type: e.Type, Language: e.Language, Recipient: p.Email, Payload: e.Payload}
	zh := e.Language == Chinese
	quoteRef, complaintRef := pricing.Reference(p.QuoteID), feedback.Reference(p.ComplaintID)
	total := ""
	if p.Total.IsValid() {
		tag := language.English
		if zh {
			tag = language.SimplifiedChinese
		}
		total = pricing.NewFormatter(tag).Format(p.Total)
	}
	switch e.Type {
	case EventCustomerSaved:
		if zh {
			n.Subject, n.Body = "客户档案已保存", fmt.Sprintf("%s，您好！您的客户档案已保存，我们将尽快为您提供旅行建议。", p.CustomerName)
		} else {
			n.Subject, n.Body = "Your customer profile is saved", fmt.Sprintf("Dear %s, your profile is saved; your consultant will be in touch with ideas for your trip.", p.CustomerName)
		}
	case EventTripProposed:
		if zh {
			n.Subject, n.Body = "行程方案："+p.TripTitle, fmt.Sprintf("%s，您好！您的行程方案「%s」第%d版已准备好，请查阅。", p.CustomerName, p.TripTitle, p.Version)
		} else {
			n.Subject, n.Body = "Your trip proposal: "+p.TripTitle, fmt.Sprintf("Dear %s, version %d of your trip proposal “%s” is ready for you.", p.CustomerName, p.Version, p.TripTitle)
		}
	case EventQuoteIssued:
		if zh {
			n.Subject, n.Body = "报价单 "+quoteRef, fmt.Sprintf("%s，您好！报价单 %s 第%d版：总价 %s，有效期至 %s。", p.CustomerName, quoteRef, p.Version, total, p.local(p.ValidUntil, zh))
		} else {
			n.Subject, n.Body = "Your quote "+quoteRef, fmt.Sprintf("Dear %s, quote %s version %d: total %s, valid until %s.", p.CustomerName, quoteRef, p.Version, total, p.local(p.ValidUntil, zh))
		}
	case EventQuoteAccepted:
		if zh {
			n.Subject, n.Body = "报价已确认", fmt.Sprintf("%s，您好！您已确认报价单 %s 第%d版（总价 %s），感谢您的信任。", p.CustomerName, quoteRef, p.Version, total)
		} else {
			n.Subject, n.Body = "Quote accepted", fmt.Sprintf("Dear %s, thank you for accepting quote %s version %d (total %s).", p.CustomerName, quoteRef, p.Version, total)
		}
	case EventComplaintOpened:
		if zh {
			n.Subject, n.Body = "我们已收到您的投诉", fmt.Sprintf("%s，您好！我们已收到您的投诉（%s），编号 %s，顾问会尽快与您联系。", p.CustomerName, p.Summary, complaintRef)
		} else {
			n.Subject, n.Body = "We have received your complaint", fmt.Sprintf("Dear %s, we have received your complaint (%s), reference %s; your consultant will contact you shortly.", p.CustomerName, p.Summary, complaintRef)
		}
	case EventSLAAtRisk, EventSLABreached:
		n.Recipient = "" // an internal alert, not for the customer
		what := map[bool]string{true: "即将超时", false: "at risk"}[zh]
		if e.Type == EventSLABreached {
			what = map[bool]string{true: "已超时", false: "breached"}[zh]
		}
		target := map[string][2]string{"first_response": {"first response", "首次响应"}, "resolution": {"resolution", "解决"}}[p.Target]
		if zh {
			n.Subject, n.Body = "投诉 "+complaintRef+" "+target[1]+what, fmt.Sprintf("投诉 %s（客户 %s）的%s时限%s，截止 %s。", complaintRef, p.CustomerName, target[1], what, p.local(p.Due, zh))
		} else {
			n.Subject, n.Body = "Complaint "+complaintRef+": "+target[0]+" "+what, fmt.Sprintf("The %s target of complaint %s (customer %s) is %s; due %s.", target[0], complaintRef, p.CustomerName, what, p.local(p.Due, zh))
		}
	default:
		return Notification{}, fmt.Errorf("%w: unknown event type %q", ErrInvalid, e.Type)
	}
	return n, nil
}

// isSupplierEvent reports the supplier-side events: internal, for the
// agency's staff and systems.
func isSupplierEvent(typ string) bool {
	switch typ {
	case EventSupplierSaved, EventContractAdded, EventHoldPlaced, EventHoldConfirmed, EventHoldCancelled, EventHoldExpired, EventReleased,
		EventCostFrozen, EventInvoiceRecorded, EventRequested, EventAnswered:
		return true
	}
	return false
}

func renderSupplierEvent(e Event) (Notification, error) {
	var p supplierPayload
	if err := json.Unmarshal(e.Payload, &p); err != nil {
		return Notification{}, fmt.Errorf("%w: event %s payload: %v", ErrInvalid, e.ID, err)
	}
	n := Notification{EventID: e.ID, Tenant: e.Tenant, Type: e.Type, Language: e.Language, Payload: e.Payload}
	zh := e.Language == Chinese
	stay := func() string {
		if zh {
			return fmt.Sprintf("%s起%d晚，%d间/个", human.ShortDate(p.From, true), p.Nights, p.Units)
		}
		return fmt.Sprintf("%d unit(s), %d night(s) from %s", p.Units, p.Nights, human.ShortDate(p.From, false))
	}
	texts := map[string][2]string{
		EventSupplierSaved:   {"Supplier " + p.SupplierID + " saved", "供应商 " + p.SupplierID + " 已保存"},
		EventContractAdded:   {fmt.Sprintf("Contract %s version %d added", p.ContractID, p.Version), fmt.Sprintf("合同 %s 第%d版已录入", p.ContractID, p.Version)},
		EventHoldPlaced:      {"Allotment " + p.AllotmentID + " held", "配额 " + p.AllotmentID + " 已预留"},
		EventHoldConfirmed:   {"Allotment " + p.AllotmentID + " booked", "配额 " + p.AllotmentID + " 已确认"},
		EventHoldCancelled:   {"Allotment " + p.AllotmentID + " hold cancelled", "配额 " + p.AllotmentID + " 预留已取消"},
		EventHoldExpired:     {"Allotment " + p.AllotmentID + " hold expired", "配额 " + p.AllotmentID + " 预留已过期"},
		EventReleased:        {"Allotment " + p.AllotmentID + " released to the supplier", "配额 " + p.AllotmentID + " 已释放给供应商"},
		EventCostFrozen:      {"Expected cost of " + p.SupplierID + " frozen", "供应商 " + p.SupplierID + " 应付成本已锁定"},
		EventInvoiceRecorded: {"Invoice of " + p.SupplierID + " recorded", "供应商 " + p.SupplierID + " 发票已登记"},
	}[e.Type]
	if zh {
		n.Subject = texts[1]
	} else {
		n.Subject = texts[0]
	}
	n.Body = n.Subject
	if p.Nights > 0 {
		sep := ": "
		if zh {
			sep = "："
		}
		n.Body += sep + stay()
	}
	return n, nil
}
