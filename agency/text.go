package agency

import (
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
func CheckText(v any) error {
	var ps []Problem
	walkText(reflect.ValueOf(v), "", &ps)
	if len(ps) == 0 {
		return nil
	}
	return &ValidationError{Problems: ps}
}

var (
	timeType     = reflect.TypeFor[time.Time]()
	locationType = reflect.TypeFor[time.Location]()
)

func walkText(v reflect.Value, path string, ps *[]Problem) {
	if len(*ps) >= maxTextProblems || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); !TextOK(s) {
			field := strings.TrimPrefix(path, ".")
			*ps = append(*ps, Problem{Field: field, Code: "invalid_text", Message: "text must be valid UTF-8 without NUL bytes"})
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkText(v.Elem(), path, ps)
		}
	case reflect.Struct:
		if v.Type() == timeType || v.Type() == locationType {
			return // zone names come from the zone database
		}
		t := v.Type()
		for i := 0; i < v.NumField(); i++ {
			walkText(v.Field(i), path+"."+t.Field(i).Name, ps)
		}
	case reflect.Slice, reflect.Array:
		switch v.Type().Elem().Kind() {
		case reflect.String, reflect.Pointer, reflect.Interface, reflect.Struct, reflect.Slice, reflect.Array, reflect.Map:
			for i := 0; i < v.Len(); i++ {
				walkText(v.Index(i), path+"["+strconv.Itoa(i)+"]", ps)
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			k := it.Key()
			walkText(k, path+"[key]", ps)
			walkText(it.Value(), path+"["+clipKey(k)+"]", ps)
		}
	}
}

func clipKey(k reflect.Value) string {
	if k.Kind() == reflect.String && TextOK(k.String()) && len(k.String()) <= 40 {
		return k.String()
	}
	return "?"
}
