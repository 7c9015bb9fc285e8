package broker_test

import (
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/travelkit/travelkit/adapters/broker"
	"github.com/travelkit/travelkit/agency"
)

func TestEncodeRefusesWhatIsNoEvent(t *testing.T) {
	for name, n := range map[string]agency.Notification{
		"no ID":       {Tenant: "a", Type: "customer.saved"},
		"no type":     {EventID: "e", Tenant: "a"},
		"no tenant":   {EventID: "e", Type: "customer.saved"},
		"bad payload": {EventID: "e", Tenant: "a", Type: "customer.saved", Payload: json.RawMessage(`{"x":`)},
	} {
		if _, err := broker.Encode(n); !errors.Is(err, agency.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

func TestDecodeRefusesOtherMessages(t *testing.T) {
	for name, body := range map[string]string{
		"not JSON":      `hello`,
		"no id":         `{"specversion":"1.0","source":"/s","type":"t","tenant":"a"}`,
		"other version": `{"specversion":"0.3","id":"e","source":"/s","type":"t","tenant":"a"}`,
		"no tenant":     `{"specversion":"1.0","id":"e","source":"/s","type":"t"}`,
	} {
		if _, err := broker.Decode([]byte(body)); !errors.Is(err, broker.ErrNotCloudEvent) {
			t.Errorf("%s: %v, want ErrNotCloudEvent", name, err)
		}
	}
	e, err := broker.Decode([]byte(`{"specversion":"1.0","id":"e","source":"/travelkit/a%2Fb/customer/c%201","type":"customer.saved","tenant":"a/b","data":null}`))
	if err != nil || e.Tenant != "a/b" {
		t.Errorf("%+v, %v", e, err)
	}
}

// Tenant and aggregate IDs are path-escaped in the source.
func TestSourceEscapes(t *testing.T) {
	e := broker.FromNotification(agency.Notification{EventID: "e", Tenant: "a/b", Type: "customer.saved", AggregateID: "c 1"})
	if e.Source != "/travelkit/a%2Fb/customer/c%201" || e.Subject != "c 1" || string(e.Data) != "null" {
		t.Errorf("%+v", e)
	}
}

// The library and its stores compile no broker client; each broker
// package compiles only its own.
func TestBrokerClientsStayInTheirPackages(t *testing.T) {
	deps := func(pkgs ...string) string {
		out, err := exec.Command("go", append([]string{"list", "-deps"}, pkgs...)...).Output()
		if err != nil {
			t.Skipf("go list: %v", err)
		}
		return string(out)
	}
	core := deps("github.com/travelkit/travelkit/agency", "github.com/travelkit/travelkit/adapters/sqlstore/sqlite", ".")
	for _, client := range []string{"github.com/nats-io/nats.go", "github.com/rabbitmq/amqp091-go"} {
		if strings.Contains(core, client) {
			t.Errorf("the library without brokers compiles %s", client)
		}
	}
	if nats := deps("github.com/travelkit/travelkit/adapters/broker/natsjs"); strings.Contains(nats, "amqp091") {
		t.Error("the NATS notifier compiles the AMQP client")
	}
	if amqp := deps("github.com/travelkit/travelkit/adapters/broker/amqp"); strings.Contains(amqp, "nats-io") {
		t.Error("the AMQP notifier compiles the NATS client")
	}
}
