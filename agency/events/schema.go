package events

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/travelkit/travelkit/pricing"
)

// SchemaDialect is the JSON Schema dialect of Registry.Schema.
const SchemaDialect = "https://json-schema.org/draft/2020-12/schema"

// Schema returns the JSON Schema of a type's payload, generated from its
// Go type: what a webhook receiver validates against. Properties a
// payload may leave out are not required; a receiver should accept
// properties it does not know, which a later version may add. It returns
// false for an unknown type.
func (r *Registry) Schema(typ string) ([]byte, bool) {
	e, ok := r.entries[typ]
	if !ok {
		return nil, false
	}
	s := objectSchema(e.payload)
	s["$schema"] = SchemaDialect
	s["$id"] = "urn:travelkit:event:" + typ
	s["title"] = typ
	s["description"] = "The payload of a " + typ + " event (audience: " + string(e.audience) + ")."
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, false // maps of strings and schemas always encode
	}
	return append(b, '\n'), true
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	dateType    = reflect.TypeFor[date.Date]()
	moneyType   = reflect.TypeFor[pricing.Money]()
	decimalType = reflect.TypeFor[decimal.Decimal]()
	monthType   = reflect.TypeFor[time.Month]()
)

// objectSchema describes a struct as encoding/json writes it: embedded
// structs' fields inline, "-" fields left out, omitempty and omitzero
// fields optional.
func objectSchema(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if name == "-" && opts == "" || !f.IsExported() && !f.Anonymous {
				continue
			}
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type)
				continue
			}
			if name == "" {
				name = f.Name
			}
			optional := strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")
			props[name] = valueSchema(f.Type, !optional)
			if !optional {
				required = append(required, name)
			}
		}
	}
	walk(t)
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// valueSchema describes a value of type t; nullable says a nil pointer,
// slice or map encodes as null.
func valueSchema(t reflect.Type, nullable bool) map[string]any {
	orNull := func(s map[string]any) map[string]any {
		if !nullable {
			return s
		}
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case dateType:
		return map[string]any{"type": "string", "format": "date"}
	case moneyType:
		return map[string]any{"type": "object", "required": []string{"amount", "currency"}, "properties": map[string]any{
			"amount":   map[string]any{"type": "string", "pattern": `^-?[0-9]+(\.[0-9]+)?$`, "description": "exact decimal amount"},
			"currency": map[string]any{"type": "string", "pattern": `^[A-Z]{3}$`, "description": "ISO 4217 code"},
		}}
	case decimalType:
		return map[string]any{"type": "string", "pattern": `^-?[0-9]+(\.[0-9]+)?$`}
	case monthType:
		return map[string]any{"type": "integer", "minimum": 1, "maximum": 12}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return orNull(valueSchema(t.Elem(), false))
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return orNull(map[string]any{"type": "array", "items": valueSchema(t.Elem(), false)})
	case reflect.Map:
		return orNull(map[string]any{"type": "object", "additionalProperties": valueSchema(t.Elem(), false)})
	case reflect.Struct:
		return objectSchema(t)
	}
	return map[string]any{}
}
