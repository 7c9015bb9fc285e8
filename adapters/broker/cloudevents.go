package broker

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/travelkit/travelkit/agency"
)

// ContentType is the media type of a CloudEvent in structured JSON mode.
const ContentType = "application/cloudevents+json"

// SpecVersion is the CloudEvents version the events follow.
const SpecVersion = "1.0"

// Event is one CloudEvent in structured mode: the context attributes, the
// library's extensions, and the event's typed payload as data.
type Event struct {
	SpecVersion string `json:"specversion"`
	// ID is the outbox event's ID, the same on every redelivery: what a
	// consumer de-duplicates on.
	ID string `json:"id"`
	// Source names the tenant and the aggregate:
	// /travelkit/{tenant}/{kind}/{aggregate}, each segment path-escaped.
	Source string `json:"source"`
	// Type is the registered event type ("quote.accepted").
	Type string `json:"type"`
	// Subject is the aggregate's ID.
	Subject         string    `json:"subject,omitempty"`
	Time            time.Time `json:"time"`
	DataContentType string    `json:"datacontenttype"`
	// Tenant, Audience and Language are extension attributes: the agency
	// the event belongs to, who it is for, and the language of its
	// recipient.
	Tenant   string `json:"tenant"`
	Audience string `json:"audience,omitempty"`
	Language string `json:"language,omitempty"`
	// Data is the event's payload, as the event registry's schema for Type
	// describes it.
	Data json.RawMessage `json:"data"`
}

// ErrNotCloudEvent is the class of a message that is not a CloudEvent this
// package wrote.
var ErrNotCloudEvent = errors.New("broker: not a travelkit CloudEvent")

// FromNotification returns the CloudEvent of a notification as the
// dispatcher hands it over.
func FromNotification(n agency.Notification) Event {
	kind, _, _ := strings.Cut(n.Type, ".")
	source := "/travelkit/" + url.PathEscape(string(n.Tenant)) + "/" + url.PathEscape(kind)
	if n.AggregateID != "" {
		source += "/" + url.PathEscape(n.AggregateID)
	}
	data := n.Payload
	if len(data) == 0 {
		data = json.RawMessage("null")
	}
	return Event{SpecVersion: SpecVersion, ID: n.EventID, Source: source, Type: n.Type, Subject: n.AggregateID, Time: n.CreatedAt.UTC(),
		DataContentType: "application/json", Tenant: string(n.Tenant), Audience: string(n.Audience), Language: string(n.Language), Data: data}
}

// Encode returns the structured-mode JSON of a notification's CloudEvent.
func Encode(n agency.Notification) ([]byte, error) {
	if n.EventID == "" || n.Type == "" || n.Tenant == "" {
		return nil, fmt.Errorf("%w: a CloudEvent needs the event's ID, type and tenant", agency.ErrInvalid)
	}
	if len(n.Payload) > 0 && !json.Valid(n.Payload) {
		return nil, fmt.Errorf("%w: event %s: the payload is not JSON", agency.ErrInvalid, n.EventID)
	}
	return json.Marshal(FromNotification(n))
}

// Decode reads a structured-mode CloudEvent and checks the attributes every
// event of this package has.
func Decode(body []byte) (Event, error) {
	var e Event
	if err := json.Unmarshal(body, &e); err != nil {
		return Event{}, fmt.Errorf("%w: %v", ErrNotCloudEvent, err)
	}
	var missing []string
	for name, v := range map[string]string{"specversion": e.SpecVersion, "id": e.ID, "source": e.Source, "type": e.Type, "tenant": e.Tenant} {
		if v == "" {
			missing = append(missing, name)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		return Event{}, fmt.Errorf("%w: missing %s", ErrNotCloudEvent, strings.Join(missing, ", "))
	}
	if e.SpecVersion != SpecVersion {
		return Event{}, fmt.Errorf("%w: specversion %q, want %s", ErrNotCloudEvent, e.SpecVersion, SpecVersion)
	}
	return e, nil
}
