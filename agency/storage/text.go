package storage

import (
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/travelkit/travelkit/pricing"
)

// maxTextProblems bounds how many bad strings one CheckText reports.
const maxTextProblems = 20

// TextOK reports whether s can be stored by every store alike: valid UTF-8
// with no NUL byte (PostgreSQL refuses both in text; SQLite would keep them).
func TextOK(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

// CheckText walks a record (structs, pointers, slices, arrays, maps) and
// returns a *ValidationError naming every string that is not valid UTF-8 or
// holds a NUL byte (at most 20), or nil. Every store calls it before
// writing, so that the same input is refused the same way everywhere.
// Values that hold no caller text (amounts, instants, dates) are skipped.
func CheckText(v any) error {
	w := textWalker{}
	w.walk(reflect.ValueOf(v))
	if len(w.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: w.problems}
}

// textWalker walks a value, keeping the path as a stack that becomes a
// string only for a bad value, so that a clean record costs no allocation
// per field.
type textWalker struct {
	path     []pathStep
	problems []Problem
}

// pathStep is a struct field (index -1: field i of typ, named only when
// a problem is reported), a slice element, or a map entry (-2: field).
type pathStep struct {
	typ   reflect.Type
	i     int
	field string
	index int
}

var (
	timeType     = reflect.TypeFor[time.Time]()
	locationType = reflect.TypeFor[time.Location]()
	decimalType  = reflect.TypeFor[decimal.Decimal]()
	moneyType    = reflect.TypeFor[pricing.Money]()
	currencyType = reflect.TypeFor[pricing.Currency]()
)

func (w *textWalker) walk(v reflect.Value) {
	if len(w.problems) >= maxTextProblems || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if !TextOK(v.String()) {
			w.problems = append(w.problems, Problem{Field: w.pathString(), Code: "invalid_text",
				Message: "text must be valid UTF-8 without NUL bytes"})
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			w.walk(v.Elem())
		}
	case reflect.Struct:
		switch v.Type() {
		case timeType, locationType, decimalType, moneyType, currencyType:
			return // no caller text inside
		}
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			switch f.Kind() {
			case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
				reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
				continue // no text in a number
			}
			w.path = append(w.path, pathStep{typ: t, i: i, index: -1})
			w.walk(f)
			w.path = w.path[:len(w.path)-1]
		}
	case reflect.Slice, reflect.Array:
		switch v.Type().Elem().Kind() {
		case reflect.String, reflect.Pointer, reflect.Interface, reflect.Struct, reflect.Slice, reflect.Array, reflect.Map:
			for i := 0; i < v.Len(); i++ {
				w.path = append(w.path, pathStep{index: i})
				w.walk(v.Index(i))
				w.path = w.path[:len(w.path)-1]
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			w.path = append(w.path, pathStep{field: "[key]", index: -2})
			w.walk(it.Key())
			w.path[len(w.path)-1] = pathStep{field: "[" + clipKey(it.Key()) + "]", index: -2}
			w.walk(it.Value())
			w.path = w.path[:len(w.path)-1]
		}
	}
}

func (w *textWalker) pathString() string {
	var b strings.Builder
	for _, s := range w.path {
		switch s.index {
		case -1:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.typ.Field(s.i).Name)
		case -2:
			b.WriteString(s.field)
		default:
			b.WriteString("[" + strconv.Itoa(s.index) + "]")
		}
	}
	return b.String()
}

func clipKey(k reflect.Value) string {
	if k.Kind() == reflect.String && TextOK(k.String()) && len(k.String()) <= 40 {
		return k.String()
	}
	return "?"
}
